using LeadFunctions.Backtesting;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.ModelVersions;

/// <summary>
/// Puts a stored version live: checks the request and the backtest gate (<see cref="PublishGate"/>; skipped when forced
/// with a reason, and for a rollback to a version that was live before), moves the live pointer under its ETag (two
/// publishes at once: one wins, the other is refused), uses the version on this instance at once, and starts the paced
/// rescore of every lead under it. Stages, hand-offs and sales stages follow the usual rescoring rules.
/// </summary>
public sealed partial class ModelPublishingService(
    IModelRegistry registry,
    IBacktestStore backtests,
    LiveModelRefresher refresher,
    RescoreRequestHandler rescore,
    TimeProvider timeProvider,
    ILogger<ModelPublishingService> logger)
{
    public async Task<PublishResult> PublishAsync(
        string version, PublishRequest request, string publishedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (RequestRefusal(request) is { } invalid)
        {
            return PublishResult.Refused(PublishOutcome.Invalid, invalid);
        }

        if (!ModelVersionName.IsValid(version) || await registry.GetAsync(version, cancellationToken) is not { } candidate)
        {
            return PublishResult.Refused(PublishOutcome.NotFound, "No stored model version has this name.");
        }

        if (await registry.GetLiveAsync(cancellationToken) is not { } pointer)
        {
            await refresher.RefreshAsync(cancellationToken); // seeds the empty registry
            pointer = await registry.GetLiveAsync(cancellationToken) ?? throw new InvalidOperationException("No live pointer.");
        }

        if (pointer.Version == version)
        {
            return PublishResult.Refused(PublishOutcome.Conflict, $"{version} is live already.");
        }

        var rollback = candidate.WasLive;
        if (!request.Force && !rollback && await GateRefusalAsync(version, pointer.Version, request.BacktestId, cancellationToken)
            is { } refusal)
        {
            LogRefused(logger, version, BacktestJob.IsValidId(request.BacktestId) ? request.BacktestId : null);
            return PublishResult.Refused(PublishOutcome.Conflict, refusal);
        }

        var previous = await registry.GetAsync(pointer.Version, cancellationToken);
        var published = candidate with
        {
            Status = ModelVersionStatus.Live,
            PublishedAt = timeProvider.GetUtcNow(),
            PublishedBy = publishedBy,
            Reason = request.Reason!.Trim(),
            BacktestId = rollback && !request.Force ? candidate.BacktestId
                : BacktestJob.IsValidId(request.BacktestId) ? request.BacktestId : null,
            Forced = request.Force,
        };
        var retired = previous is null ? null : previous with { Status = ModelVersionStatus.Retired };
        if (!await registry.TryPublishAsync(new ModelPublication(pointer, published, retired), cancellationToken))
        {
            return PublishResult.Refused(
                PublishOutcome.Conflict, "Another publish changed the live version first; read the versions and try again.");
        }

        LogPublished(logger, version, pointer.Version, request.Force, published.BacktestId);
        await refresher.UseAsync(version, cancellationToken);
        await rescore.StartRescoreAllAsync(version, cancellationToken);
        return PublishResult.Published(version, pointer.Version);
    }

    private static string? RequestRefusal(PublishRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            return "A publish needs a reason (\"reason\"): it is kept with the version.";
        }

        return request.Force && request.Reason.Trim().Length < PublishRequest.MinForcedReasonLength
            ? $"A forced publish needs a reason of at least {PublishRequest.MinForcedReasonLength} characters."
            : null;
    }

    private async Task<string?> GateRefusalAsync(
        string version, string liveVersion, string? backtestId, CancellationToken cancellationToken)
    {
        var job = BacktestJob.IsValidId(backtestId) ? await backtests.GetJobAsync(backtestId!, cancellationToken) : null;
        var sameDocument = job is { Status: BacktestStatus.Completed }
            && await SameDocumentAsync(job.Id, version, cancellationToken);
        return PublishGate.Refusal(version, liveVersion, string.IsNullOrEmpty(backtestId) ? null : backtestId, job, sameDocument);
    }

    /// <summary>True when the backtest's candidate and the stored version are the same model (as the parser reads them).</summary>
    private async Task<bool> SameDocumentAsync(string jobId, string version, CancellationToken cancellationToken)
    {
        var tested = await backtests.GetCandidateModelAsync(jobId, cancellationToken);
        var stored = await registry.GetDocumentAsync(version, cancellationToken);
        if (tested is null || stored is null)
        {
            return false;
        }

        try
        {
            return ScoringModel.Write(ScoringModel.Parse(tested).ToDocument())
                == ScoringModel.Write(ScoringModel.Parse(stored).ToDocument());
        }
        catch (ScoringModelException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Model {ModelVersion} published (was {PreviousVersion}; forced {Forced}; backtest {BacktestId})")]
    private static partial void LogPublished(ILogger logger, string modelVersion, string previousVersion, bool forced, string? backtestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Publish of {ModelVersion} refused by the gate (backtest {BacktestId})")]
    private static partial void LogRefused(ILogger logger, string modelVersion, string? backtestId);
}
