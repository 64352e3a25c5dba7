using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeadFunctions.Reporting;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// Keys of the funnel's rows. Counters live in one partition per month ("m-yyyyMM"), row keys ordered by kind and day,
/// so a report reads a kind's days as one row range per month, and never touches the "applied" markers that share
/// the partition (they sort after every counter). Group values (campaign names are anything a landing page sends) never
/// reach a key: they are hashed, and kept as a property for the report.
/// </summary>
internal static class FunnelKeys
{
    /// <summary>Shards of each counter (by the lead id), so concurrent saves rarely race for one counter row's ETag.</summary>
    public const int Shards = 4;

    /// <summary>A funnel entry's journal row in its lead's partition of the Leads table.</summary>
    public const string JournalRowPrefix = "funnel|";

    /// <summary>The Funnel table's partition of entries saved with their lead but maybe not yet counted.</summary>
    public const string PendingPartition = "pending";

    public static string JournalRow(string entryKey) => JournalRowPrefix + entryKey;

    public static string PendingRow(string leadId, string entryKey) => leadId + "|" + entryKey;

    /// <summary>The lead id and entry key of a pending row (<see cref="PendingRow"/>).</summary>
    public static (string LeadId, string EntryKey) ParsePendingRow(string rowKey)
    {
        var separator = rowKey.IndexOf('|', StringComparison.Ordinal);
        return (rowKey[..separator], rowKey[(separator + 1)..]);
    }

    /// <summary>The marker that an entry was counted in a counter partition: inserted with the counters, once.</summary>
    public static string AppliedRow(string leadId, string entryKey) => "~applied|" + leadId + "|" + entryKey;

    public static string CounterPartition(DateOnly day) => "m-" + day.ToString("yyyyMM", CultureInfo.InvariantCulture);

    /// <summary>"kk|yyyyMMdd|stage|group hash|s shard" (no "#": Table Storage refuses it in keys): sorts by kind, then day.</summary>
    public static string CounterRow(FunnelCounter counter, int shard)
    {
        ArgumentNullException.ThrowIfNull(counter);
        var stage = counter.Stage is { } value ? ((int)value).ToString(CultureInfo.InvariantCulture) : "-";
        var group = counter.Group is null
            ? "-"
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(counter.Group)).AsSpan(0, 16));
        return DayPrefix(counter.Kind, counter.Day) + "|" + stage + "|" + group + "|s" + shard.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The first row key of a kind's day.</summary>
    public static string DayPrefix(FunnelCounterKind kind, DateOnly day) =>
        ((int)kind).ToString("D2", CultureInfo.InvariantCulture) + "|" + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>A row key after every row of a kind's day ('~' sorts after the separators).</summary>
    public static string DayEnd(FunnelCounterKind kind, DateOnly day) => DayPrefix(kind, day) + "~";

    /// <summary>The shard of a lead's counts: its id's last hex digit (lead ids are random there).</summary>
    public static int Shard(string leadId) =>
        int.Parse(leadId.AsSpan(leadId.Length - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture) % Shards;
}
