using LeadFunctions.Backtesting;
using LeadFunctions.Scoring;

namespace LeadFunctions.ModelVersions;

/// <summary>
/// Reads what the models page shows: the live version and a page of versions (newest first, as the API lists them),
/// each with the backtest it was published on and its rules diff against the live version (<see cref="ModelRulesDiff"/>).
/// Reads only: the live pointer, the page, each version's document and backtest job (8 at a time).
/// </summary>
public sealed class ModelVersionsOverviewService(IModelRegistry registry, IBacktestStore backtests)
{
    private const int Parallelism = 8;

    public async Task<ModelVersionsOverview> GetAsync(string? continuationToken, CancellationToken cancellationToken = default)
    {
        var pointer = await registry.GetLiveAsync(cancellationToken);
        var page = await registry.ListAsync(continuationToken, ModelRegistryService.PageSize, cancellationToken);
        var live = pointer is null ? null : await ReadAsync(pointer.Version, cancellationToken);
        var versions = new ModelVersionOverview[page.Versions.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, versions.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, token) => versions[i] = await OverviewAsync(page.Versions[i], pointer?.Version, live, token));
        var liveOverview = pointer is null ? null
            : versions.FirstOrDefault(overview => overview.Version.Version == pointer.Version)
                ?? (await registry.GetAsync(pointer.Version, cancellationToken) is { } version
                    ? await OverviewAsync(version, pointer.Version, live, cancellationToken)
                    : null);
        return new ModelVersionsOverview(liveOverview, versions, page.ContinuationToken);
    }

    private async Task<ModelVersionOverview> OverviewAsync(
        ModelVersion version, string? liveVersion, ParsedDocument? live, CancellationToken cancellationToken)
    {
        var backtest = BacktestJob.IsValidId(version.BacktestId)
            ? await backtests.GetJobAsync(version.BacktestId!, cancellationToken)
            : null;
        if (version.Version == liveVersion)
        {
            return new ModelVersionOverview(version, backtest, null);
        }

        if (live?.Document is not { } liveDocument)
        {
            return new ModelVersionOverview(version, backtest, null, "The live version's rules could not be read to compare with.");
        }

        var parsed = await ReadAsync(version.Version, cancellationToken);
        return parsed.Document is { } document
            ? new ModelVersionOverview(version, backtest, ModelRulesDiff.Compare(liveDocument, document))
            : new ModelVersionOverview(version, backtest, null, parsed.Error);
    }

    /// <summary>A stored document as the scorer reads it, or why it cannot be read (stored before a rule was tightened).</summary>
    private async Task<ParsedDocument> ReadAsync(string version, CancellationToken cancellationToken)
    {
        if (await registry.GetDocumentAsync(version, cancellationToken) is not { } json)
        {
            return new ParsedDocument(null, "Its document is missing.");
        }

        try
        {
            return new ParsedDocument(ScoringModel.Parse(json).ToDocument(), null);
        }
        catch (ScoringModelException exception)
        {
            return new ParsedDocument(null, "Its document does not pass today's validation: " + exception.Errors[0] + ".");
        }
    }

    private sealed record ParsedDocument(ScoringModelDocument? Document, string? Error);
}
