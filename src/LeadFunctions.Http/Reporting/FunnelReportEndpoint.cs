using LeadFunctions.Http.Protocol;
using LeadFunctions.Http.Sales;
using LeadFunctions.Reporting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Reporting;

/// <summary>
/// <c>GET /api/reports/funnel?from=&amp;to=&amp;by=</c> (function key): the funnel report as JSON, or with
/// <c>format=html</c> as a page a manager reads (the key then goes in <c>code=</c>, as Functions keys allow). Bad
/// parameters answer 400 naming the parameter: problem+json, or a small HTML page for the page.
/// </summary>
public sealed class FunnelReportEndpoint(FunnelReportService reports, StorageFaultGuard faults)
{
    public async Task<IActionResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var format = request.Query["format"].ToString();
        var html = string.Equals(format, "html", StringComparison.OrdinalIgnoreCase);
        if (!html && format.Length > 0 && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.BadRequest("Query parameter 'format' must be json (the default) or html.");
        }

        var parameters = request.Query;
        var (query, error) = FunnelQuery.Parse(parameters["from"].ToString(), parameters["to"].ToString(), parameters["by"].ToString());
        if (query is null)
        {
            var problem = error ?? new Validation.ValidationError("from", "is required.");
            return html ? FunnelReportHtml.BadQuery(problem) : Problems.Validation([problem]);
        }

        return await faults.RunAsync(
            "FunnelReport",
            async () =>
            {
                var report = await reports.GetAsync(query, cancellationToken);
                return html
                    ? new HtmlPageResult(StatusCodes.Status200OK, FunnelReportHtml.Render(report))
                    : ApiJson.Result(FunnelReportResponse.Of(report), StatusCodes.Status200OK);
            },
            html ? FunnelReportHtml.Unavailable : StorageFaults.Unavailable);
    }
}
