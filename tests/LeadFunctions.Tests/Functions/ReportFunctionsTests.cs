using System.Globalization;
using LeadFunctions.FunctionApp.Functions;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Tests.Functions;

[Collection(FunctionAppCollection.Name)]
public sealed class ReportFunctionsTests(FunctionAppFixture app)
{
    [Fact]
    public async Task FunnelReport_counts_a_scored_lead_under_its_campaign()
    {
        var campaign = "fn-" + Guid.NewGuid().ToString("N")[..8];
        var leadId = await app.CaptureLeadAsync(new { email = $"funnel.{Guid.NewGuid():N}@example.org", utm_campaign = campaign });
        await app.RescoreThroughTheQueueAsync(leadId);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var response = await app.InvokeHttpAsync<ReportFunctions>(
            FunctionRequest.Create("GET", string.Create(
                CultureInfo.InvariantCulture,
                $"/api/reports/funnel?from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}&by=campaign")),
            (functions, request, ct) => functions.FunnelReportAsync(request, ct));

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        var row = response.Json()["groups"]!.AsArray().Single(group => group!["group"]!.GetValue<string>() == campaign)!;
        Assert.Equal(1, row["entered"]!["Lead"]!.GetValue<long>());
    }

    [Fact]
    public async Task FunnelReport_refuses_an_unknown_grouping()
    {
        var response = await app.InvokeHttpAsync<ReportFunctions>(
            FunctionRequest.Create("GET", "/api/reports/funnel?from=2026-11-01&to=2026-11-30&by=day"),
            (functions, request, ct) => functions.FunnelReportAsync(request, ct));

        Assert.Equal(StatusCodes.Status400BadRequest, response.StatusCode);
    }
}
