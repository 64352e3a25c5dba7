using LeadFunctions.Http.Pages;
using LeadFunctions.Http.Protocol;
using LeadFunctions.Reporting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Reporting;

/// <summary>
/// <c>GET /api/reports/funnel?from=&amp;to=&amp;by=</c> (function key): the funnel report as JSON, or with
/// <c>format=html</c> as a page a manager reads (the key then goes in <c>code=</c>, as Functions keys allow). Bad
/// parameters answer 400 naming the parameter: problem+json, or a small HTML page for the page.
/// </summary>
public sealed class FunnelReportEndpoint(FunnelReportService reports, StorageFaultGuard faults, HtmlPages pages)
{
    public async Task<IActionResult> GetAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (html, badFormat) = ResponseFormat.Read(request);
        if (badFormat is not null)
        {
            return badFormat;
        }

        var parameters = request.Query;
        var (query, error) = FunnelQuery.Parse(parameters["from"].ToString(), parameters["to"].ToString(), parameters["by"].ToString());
        if (query is null)
        {
            var problem = error ?? new Validation.ValidationError("from", "is required.");
            return html ? BadQuery(problem) : Problems.Validation([problem]);
        }

        return await faults.RunAsync(
            "FunnelReport",
            async () =>
            {
                var report = await reports.GetAsync(query, cancellationToken);
                return html
                    ? pages.Page<FunnelReportPage>(
                        StatusCodes.Status200OK,
                        new Dictionary<string, object?> { [nameof(FunnelReportPage.Report)] = report })
                    : ApiJson.Result(FunnelReportResponse.Of(report), StatusCodes.Status200OK);
            },
            html ? Unavailable : StorageFaults.Unavailable);
    }

    private HtmlPageResult BadQuery(Validation.ValidationError error) => pages.Message(
        StatusCodes.Status400BadRequest,
        FunnelReportText.Brand,
        "This report cannot be shown",
        $"Query parameter '{error.Field}' {error.Message} Example: ?from=2026-11-01&to=2026-11-30&by=week&format=html");

    private HtmlPageResult Unavailable() => pages.Message(
        StatusCodes.Status503ServiceUnavailable,
        FunnelReportText.Brand,
        "Try again in a moment",
        "The report could not be read just now. Reload the page in a minute.",
        StorageFaults.RetryAfter);
}
