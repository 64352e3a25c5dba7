using System.Runtime.CompilerServices;
using LeadFunctions.Suggestions;

namespace LeadFunctions.Testing.Suggestions;

/// <summary>
/// <see cref="ISuggestionStore"/> in this process, for use-case tests and benchmarks, with the table store's contract
/// (src/LeadFunctions.Infrastructure/Storage/TableSuggestionStore.cs): a job's row is replaced only under its current
/// ETag, a page put again replaces the page stored under its number, one lock makes each call atomic.
/// </summary>
public sealed class InMemorySuggestionStore : ISuggestionStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SuggestionJob> _jobs = new(StringComparer.Ordinal);
    private readonly SortedDictionary<(string JobId, string Attempt, int Number), SuggestionPage> _pages = [];
    private readonly Dictionary<string, string> _results = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>How many times a page was put (stored or replaced): the pages a test saw read.</summary>
    public int PagePuts { get; private set; }

    public IReadOnlyList<SuggestionJob> Jobs
    {
        get
        {
            lock (_gate)
            {
                return [.. _jobs.Values];
            }
        }
    }

    public Task CreateJobAsync(SuggestionJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_gate)
        {
            if (!_jobs.TryAdd(job.Id, job with { ETag = NextETag() }))
            {
                throw new InvalidOperationException($"Job {job.Id} exists.");
            }
        }

        return Task.CompletedTask;
    }

    public Task<SuggestionJob?> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(SuggestionJob.IsValidId(jobId) && _jobs.TryGetValue(jobId, out var job) ? job : null);
        }
    }

    public Task<bool> TryUpdateJobAsync(SuggestionJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_gate)
        {
            if (!_jobs.TryGetValue(job.Id, out var stored) || stored.ETag != job.ETag)
            {
                return Task.FromResult(false);
            }

            _jobs[job.Id] = job with { ETag = NextETag() };
            return Task.FromResult(true);
        }
    }

    public Task<SuggestionPage?> GetPageAsync(string jobId, string attempt, int number, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_pages.TryGetValue((jobId, attempt, number), out var page) ? page : null);
        }
    }

    public Task PutPageAsync(SuggestionPage page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        lock (_gate)
        {
            PagePuts++;
            _pages[(page.JobId, page.Attempt, page.Number)] = page with { Evidence = [.. page.Evidence] };
        }

        return Task.CompletedTask;
    }

    public Task MarkNextEnqueuedAsync(string jobId, string attempt, int number, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_pages.TryGetValue((jobId, attempt, number), out var page))
            {
                _pages[(jobId, attempt, number)] = page with { NextEnqueued = true };
            }
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<SuggestionPage> ReadPagesAsync(
        string jobId, string attempt, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SuggestionPage[] pages;
        lock (_gate)
        {
            pages = [.. _pages.Where(pair => pair.Key.JobId == jobId && pair.Key.Attempt == attempt).Select(pair => pair.Value)];
        }

        foreach (var page in pages)
        {
            await Task.Yield();
            yield return page;
        }
    }

    public Task SetResultAsync(string jobId, string resultJson, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _results[jobId] = resultJson;
        }

        return Task.CompletedTask;
    }

    public Task<string?> GetResultAsync(string jobId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_results.TryGetValue(jobId, out var json) ? json : null);
        }
    }

    private string NextETag() => "v" + (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
