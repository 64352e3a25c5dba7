using LeadFunctions.Http.Protocol;
using LeadFunctions.Leads;
using LeadFunctions.Sales;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Http.Sales;

/// <summary>
/// <c>POST /api/leads/{leadId}/status</c> (function key): what sales or a CRM did with a lead. 200 with the lead's
/// stage, outcome and history when recorded or already recorded (idempotent on <c>externalId</c>); 400 naming the
/// field; 404 for an unknown lead; 409 when the action is not possible from the lead's stage, or its externalId was recorded
/// before with another body (naming the earlier status); 503 when storage is down.
/// </summary>
public sealed class LeadStatusEndpoint(
    SalesStatusService status,
    IOptions<SalesOptions> options,
    TimeProvider timeProvider,
    StorageFaultGuard faults)
{
    public const int MaxBodyBytes = 16 * 1024;

    public async Task<IActionResult> PostAsync(string leadId, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Lead.IsValidLeadId(leadId))
        {
            return Problems.NotFound("No lead has this id (lead ids are 32 lower-case hex characters).");
        }

        if (!RequestBody.HasMediaType(request, "application/json"))
        {
            return Problems.UnsupportedMediaType("application/json");
        }

        var (body, tooLarge) = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        var (action, receipt, errors) = LeadStatusRequest.Parse(body, options.Value, timeProvider.GetUtcNow());
        if (action is null)
        {
            return Problems.Validation(errors);
        }

        return await faults.ApiAsync(
            "RecordSalesStatus",
            async () => Answer(await status.RecordAsync(leadId, action, receipt, cancellationToken)));
    }

    private static IActionResult Answer(SalesStatusResult? result) => result switch
    {
        null => Problems.NotFound("No lead has this id (or it was erased)."),
        { Transition.Outcome: SalesTransitionOutcome.Refused } => Problems.Create(
            StatusCodes.Status409Conflict,
            "Not possible from the lead's stage",
            result.Transition.Detail,
            new Dictionary<string, object?> { ["stage"] = result.Lead.Stage.ToString() }),
        { Transition.Outcome: SalesTransitionOutcome.ExternalIdReused } => Problems.Create(
            StatusCodes.Status409Conflict,
            "externalId already recorded with another body",
            result.Transition.Detail,
            new Dictionary<string, object?>
            {
                ["recordedStatus"] = result.EarlierReceipt?.Status is { } recorded ? SalesStatusNames.Of(recorded) : null,
                ["stage"] = result.Lead.Stage.ToString(),
            }),
        _ => ApiJson.Result(SalesStatusResponse.From(result), StatusCodes.Status200OK),
    };
}
