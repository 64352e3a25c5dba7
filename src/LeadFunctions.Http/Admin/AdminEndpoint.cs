using LeadFunctions.Diagnostics;
using LeadFunctions.Http.Protocol;
using LeadFunctions.ModelVersions;
using LeadFunctions.Qualification;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Admin;

/// <summary><c>POST /api/models/rescore</c> (function key) and <c>GET /api/health</c> (anonymous; with the live model version).</summary>
public sealed class AdminEndpoint(RescoreRequestHandler rescore, IStorageHealth health, StorageFaultGuard faults, LiveModel live)
{
    public async Task<IActionResult> RescoreAllAsync(CancellationToken cancellationToken)
    {
        return await faults.ApiAsync("StartRescoreAll", async () =>
        {
            await rescore.StartRescoreAllAsync(cancellationToken);
            return ApiJson.Result(
                new { status = "started", pageSize = RescoreRequestHandler.RescoreAllPageSize },
                StatusCodes.Status202Accepted);
        });
    }

    public async Task<IActionResult> HealthAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await health.CheckAvailabilityAsync(timeout.Token);
            return ApiJson.Result(new { status = "healthy", modelVersion = live.Current.Version }, StatusCodes.Status200OK);
        }
        catch (Exception exception) when (StorageFaults.IsTransient(exception) || exception is OperationCanceledException)
        {
            return Problems.Unavailable("Storage is not reachable.", StorageFaults.RetryAfter);
        }
    }
}
