using System.Globalization;
using LeadFunctions.Backtesting;

namespace LeadFunctions.Testing.Backtesting;

/// <summary>
/// <see cref="IBacktestStore"/> in this process, for use-case tests and benchmarks, with the table store's contract
/// (src/LeadFunctions.Infrastructure/Storage/TableBacktestStore.cs): a job's row is replaced only under its current
/// ETag, a page is added once under its number (a second add returns the first), one lock makes each call atomic.
/// Pages are kept as stored, as a table row keeps them: a test that changes one after storing it changes nothing here.
/// </summary>
public sealed class InMemoryBacktestStore : IBacktestStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (BacktestJob Job, string Model)> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<(string JobId, int Number), BacktestPage> _pages = [];
    private long _version;

    /// <summary>How many times a page was added (stored or found stored): the pages a test saw scored.</summary>
    public int PageAdds { get; private set; }

    /// <summary>Every job, as stored now.</summary>
    public IReadOnlyList<BacktestJob> Jobs
    {
        get
        {
            lock (_gate)
            {
                return [.. _jobs.Values.Select(entry => entry.Job)];
            }
        }
    }

    public Task CreateJobAsync(BacktestJob job, string candidateModelJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(candidateModelJson);
        lock (_gate)
        {
            if (!_jobs.TryAdd(job.Id, (job with { ETag = NextETag() }, candidateModelJson)))
            {
                throw new InvalidOperationException($"Job {job.Id} exists.");
            }
        }

        return Task.CompletedTask;
    }

    public Task<BacktestJob?> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(BacktestJob.IsValidId(jobId) && _jobs.TryGetValue(jobId, out var entry) ? entry.Job : null);
        }
    }

    public Task<string?> GetCandidateModelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_jobs.TryGetValue(jobId, out var entry) ? entry.Model : null);
        }
    }

    public Task<bool> TryUpdateJobAsync(BacktestJob job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_gate)
        {
            if (!_jobs.TryGetValue(job.Id, out var entry) || entry.Job.ETag != job.ETag)
            {
                return Task.FromResult(false);
            }

            _jobs[job.Id] = (job with { ETag = NextETag() }, entry.Model);
            return Task.FromResult(true);
        }
    }

    public Task<BacktestPage?> GetPageAsync(string jobId, int number, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_pages.GetValueOrDefault((jobId, number)));
        }
    }

    public Task<BacktestPage> AddPageAsync(BacktestPage page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        lock (_gate)
        {
            PageAdds++;
            var key = (page.JobId, page.Number);
            if (!_pages.TryGetValue(key, out var stored))
            {
                stored = page with { Aggregate = Copy(page.Aggregate) };
                _pages[key] = stored;
            }

            return Task.FromResult(stored);
        }
    }

    public Task MarkNextEnqueuedAsync(string jobId, int number, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_pages.TryGetValue((jobId, number), out var page))
            {
                _pages[(jobId, number)] = page with { NextEnqueued = true };
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<BacktestPage>> ListPagesAsync(string jobId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<BacktestPage> pages =
                [.. _pages.Where(entry => entry.Key.JobId == jobId).OrderBy(entry => entry.Key.Number).Select(entry => entry.Value)];
            return Task.FromResult(pages);
        }
    }

    /// <summary>A copy of the aggregate (the merge at the end adds into a new one, but a stored row never shares state).</summary>
    private static BacktestAggregate Copy(BacktestAggregate aggregate)
    {
        var copy = new BacktestAggregate();
        copy.Merge(aggregate);
        return copy;
    }

    private string NextETag() => (++_version).ToString(CultureInfo.InvariantCulture);
}
