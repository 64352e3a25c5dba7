using LeadFunctions.Leads;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Qualification;

/// <summary>
/// The queue function's work: a message names one lead to rescore, or is a cursor of a rescore of every lead. The
/// cursor enqueues one page of leads and then the next cursor, so a rescore of a million leads advances at the
/// queue's pace and never floods it.
/// </summary>
public sealed partial class RescoreRequestHandler(
    LeadRescoringService rescoring,
    ILeadRepository leads,
    IRescoreQueue queue,
    ModelVersions.LiveModelRefresher liveModel,
    ILogger<RescoreRequestHandler> logger)
{
    public const int RescoreAllPageSize = 100;

    public async Task HandleAsync(RescoreRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ModelVersion is { } modelVersion)
        {
            await liveModel.FollowAsync(modelVersion, cancellationToken);
        }

        if (request.All)
        {
            var page = await leads.ListLeadIdsAsync(request.ContinuationToken, RescoreAllPageSize, cancellationToken);
            if (page.LeadIds.Count > 0)
            {
                await queue.EnqueueAsync([.. page.LeadIds], request.ModelVersion, cancellationToken);
            }

            if (page.ContinuationToken is not null)
            {
                await queue.EnqueueRescoreAllAsync(page.ContinuationToken, request.ModelVersion, cancellationToken);
            }

            LogRescoreAllPage(logger, page.LeadIds.Count, page.ContinuationToken is null);
            return;
        }

        if (!Lead.IsValidLeadId(request.LeadId))
        {
            throw new InvalidRescoreRequestException("The message names no valid lead id.");
        }

        await rescoring.RescoreAsync(request.LeadId!, cancellationToken);
    }

    /// <summary>Starts a rescore of every lead (after a model change).</summary>
    public Task StartRescoreAllAsync(CancellationToken cancellationToken = default) =>
        queue.EnqueueRescoreAllAsync(null, cancellationToken);

    /// <summary>Starts a rescore of every lead with the just published <paramref name="modelVersion"/>.</summary>
    public Task StartRescoreAllAsync(string modelVersion, CancellationToken cancellationToken = default) =>
        queue.EnqueueRescoreAllAsync(null, modelVersion, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rescore of every lead: enqueued {Count} leads (last page: {Done})")]
    private static partial void LogRescoreAllPage(ILogger logger, int count, bool done);
}
