using LeadFunctions.Http.Protocol;
using LeadFunctions.Leads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Leads;

/// <summary><c>GET /api/leads/{leadId}</c>, <c>GET /api/leads?stage=SQL</c>, <c>DELETE /api/leads/{leadId}</c> (function key).</summary>
public sealed class LeadsEndpoint(LeadQueryService query, LeadErasureService erasure, StorageFaultGuard faults)
{
    public const int DefaultPageSize = 50;

    public async Task<IActionResult> GetAsync(string leadId, CancellationToken cancellationToken)
    {
        if (!Lead.IsValidLeadId(leadId))
        {
            return Problems.NotFound("No lead has this id (lead ids are 32 lower-case hex characters).");
        }

        return await faults.ApiAsync("GetLead", async () =>
        {
            var lead = await query.GetAsync(leadId, cancellationToken);
            return lead is null
                ? Problems.NotFound("No lead has this id.")
                : ApiJson.Result(LeadResponse.From(lead), StatusCodes.Status200OK);
        });
    }

    public async Task<IActionResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stageText = request.Query["stage"].ToString();
        if (!Enum.TryParse<LeadStage>(stageText, ignoreCase: true, out var stage)
            || !Enum.IsDefined(stage)
            || int.TryParse(stageText, out _))
        {
            return Problems.BadRequest($"Query parameter 'stage' must be one of {string.Join(", ", LeadStages.All)}.");
        }

        var pageSize = DefaultPageSize;
        var pageSizeText = request.Query["pageSize"].ToString();
        if (pageSizeText.Length > 0 && (!int.TryParse(pageSizeText, out pageSize) || pageSize is < 1 or > LeadQueryService.MaxPageSize))
        {
            return Problems.BadRequest($"Query parameter 'pageSize' must be between 1 and {LeadQueryService.MaxPageSize}.");
        }

        var continuation = request.Query["continuationToken"].ToString();
        if (continuation.Length > 1024)
        {
            return Problems.BadRequest("Query parameter 'continuationToken' is not one this API issued.");
        }

        return await faults.ApiAsync("ListLeads", async () =>
        {
            try
            {
                var page = await query.ListByStageAsync(stage, continuation.Length == 0 ? null : continuation, pageSize, cancellationToken);
                return ApiJson.Result(
                    new { items = page.Leads.Select(LeadSummary.From).ToArray(), continuationToken = page.ContinuationToken },
                    StatusCodes.Status200OK);
            }
            catch (ArgumentException)
            {
                return Problems.BadRequest("Query parameter 'continuationToken' is not one this API issued.");
            }
        });
    }

    public async Task<IActionResult> DeleteAsync(string leadId, CancellationToken cancellationToken)
    {
        return await faults.ApiAsync("EraseLead", async () => await erasure.EraseAsync(leadId, cancellationToken)
            ? new NoContentResult()
            : Problems.NotFound("No lead has this id (lead ids are 32 lower-case hex characters)."));
    }
}
