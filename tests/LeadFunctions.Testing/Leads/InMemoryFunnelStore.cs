using System.Globalization;
using LeadFunctions.Reporting;

namespace LeadFunctions.Testing.Leads;

/// <summary>
/// The funnel's counters in this process, as <see cref="InMemoryLeadTables"/> records them when it saves a stage change:
/// the table store's layout (a partition per month, counters ordered by kind and day, an "applied" mark per entry) and
/// its read cost (one range read per month of days, a page per 1,000 rows), counted in <see cref="Requests"/> so a
/// benchmark can show that a report's cost does not grow with the number of leads.
/// </summary>
public sealed class InMemoryFunnelStore : IFunnelCounterStore
{
    private const int PageSize = 1000;

    private static readonly Comparer<CounterRow> ByKey = Comparer<CounterRow>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key));

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedSet<CounterRow>> _months = new(StringComparer.Ordinal);
    private readonly HashSet<(string LeadId, string Key)> _applied = [];
    private long _requests;

    /// <summary>Storage requests the reads made so far (range reads, a page per 1,000 rows).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Counts each entry once (by its amount), however often it is recorded (a retried save, a redelivered message).</summary>
    public void Record(IEnumerable<FunnelEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_gate)
        {
            foreach (var entry in entries.Where(entry => _applied.Add((entry.LeadId, entry.Key))))
            {
                foreach (var counter in entry.Counters.Distinct())
                {
                    var rows = Month(counter.Day);
                    var probe = new CounterRow(KeyOf(counter), counter);
                    if (!rows.TryGetValue(probe, out var row))
                    {
                        rows.Add(row = probe);
                    }

                    row.Count += entry.Amount;
                }
            }
        }
    }

    public Task<IReadOnlyList<FunnelCount>> ReadAsync(
        FunnelCounterKind kind,
        DateOnly firstDay,
        DateOnly lastDay,
        CancellationToken cancellationToken = default)
    {
        var counts = new List<FunnelCount>();
        lock (_gate)
        {
            for (var month = FunnelCounter.MonthOf(firstDay); month <= lastDay; month = month.AddMonths(1))
            {
                var from = new CounterRow(DayPrefix(kind, month > firstDay ? month : firstDay), null!);
                var monthEnd = month.AddMonths(1).AddDays(-1);
                var to = new CounterRow(DayPrefix(kind, monthEnd < lastDay ? monthEnd : lastDay) + "~", null!);
                var rows = _months.TryGetValue(Partition(month), out var partition) ? partition.GetViewBetween(from, to) : [];
                counts.AddRange(rows.Select(row => new FunnelCount(row.Counter, row.Count)));
                Interlocked.Add(ref _requests, Math.Max(1, (rows.Count + PageSize - 1) / PageSize));
            }
        }

        return Task.FromResult<IReadOnlyList<FunnelCount>>(counts);
    }

    /// <summary>Nothing is ever pending here: a save and its counts happen under one lock.</summary>
    public Task<int> CompletePendingAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(0);

    private static string Partition(DateOnly day) => day.ToString("yyyyMM", CultureInfo.InvariantCulture);

    private static string DayPrefix(FunnelCounterKind kind, DateOnly day) =>
        ((int)kind).ToString("D2", CultureInfo.InvariantCulture) + "|" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string KeyOf(FunnelCounter counter) =>
        DayPrefix(counter.Kind, counter.Day)
        + "|" + (counter.Stage is { } stage ? ((int)stage).ToString(CultureInfo.InvariantCulture) : "-")
        + "|" + counter.Group;

    private SortedSet<CounterRow> Month(DateOnly day)
    {
        var partition = Partition(day);
        if (!_months.TryGetValue(partition, out var rows))
        {
            rows = new SortedSet<CounterRow>(ByKey);
            _months[partition] = rows;
        }

        return rows;
    }

    /// <summary>One counter row (its key sorts by kind, then day) and its value.</summary>
    private sealed class CounterRow(string key, FunnelCounter counter)
    {
        public string Key { get; } = key;

        public FunnelCounter Counter { get; } = counter;

        public long Count { get; set; }
    }
}
