using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LeadFunctions.LocalHost.Tests.Reporting;

/// <summary><c>GET /api/reports/funnel</c> through the local host: the JSON report of leads captured over HTTP, and its 400s.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class FunnelReportTests(LocalHostFixture host)
{
    [Fact]
    public async Task The_report_counts_captured_leads_per_campaign_and_cohort()
    {
        var campaign = "autumn-" + Guid.NewGuid().ToString("N")[..8];
        await FunnelReportLeads.CaptureScoredAsync(host, campaign);
        await FunnelReportLeads.CaptureScoredAsync(host, campaign);

        // A lead reads as scored once its save's transaction is in; its funnel counters are added right after it.
        var report = await Eventually.GetAsync(
            async () =>
            {
                using var response = await host.Client.SendAsync(host.Keyed(HttpMethod.Get, FunnelReportLeads.Query(host, "campaign")));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
                return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            },
            report => report["groups"]!.AsArray().Any(group => group!["group"]!.GetValue<string>() == campaign
                && group["entered"]!["Lead"]!.GetValue<long>() >= 2),
            "both leads to be counted");
        Assert.Equal("campaign", report["by"]!.GetValue<string>());
        var row = report["groups"]!.AsArray().Single(group => group!["group"]!.GetValue<string>() == campaign)!;
        Assert.Equal(2, row["entered"]!["Lead"]!.GetValue<long>());
        Assert.Equal(0, row["entered"]!["Won"]!.GetValue<long>());
        var stages = report["stages"]!.AsArray();
        Assert.Equal(
            ["Lead", "MQL", "SQL", "SAL", "Won", "Lost", "Recycled", "Disqualified"],
            stages.Select(s => s!["stage"]!.GetValue<string>()));
        Assert.True(stages[0]!["entered"]!.GetValue<long>() >= 2);
        Assert.Equal(1m, stages[0]!["cumulativeRate"]!.GetValue<decimal>());
        Assert.Equal(4, report["timeToStage"]!.AsArray().Count);

        using var weekly = await host.Client.SendAsync(host.Keyed(HttpMethod.Get, FunnelReportLeads.Query(host, "week")));
        var cohorts = (await weekly.Content.ReadFromJsonAsync<JsonObject>())!["groups"]!.AsArray();
        Assert.True(cohorts.Sum(cohort => cohort!["entered"]!["Lead"]!.GetValue<long>()) >= 2);
    }

    [Theory]
    [InlineData("to=2026-11-30&by=week", "from")]
    [InlineData("from=2026-11-01&to=2026-13-01", "to")]
    [InlineData("from=2026-11-30&to=2026-11-01", "from")]
    [InlineData("from=2024-01-01&to=2026-11-30", "to")]
    [InlineData("from=2026-11-01&to=2026-11-30&by=day", "by")]
    [InlineData("from=2026-11-01&to=2026-11-30&format=xml", "format")]
    [InlineData("from=9998-03-01&to=9998-03-02", "from")]
    [InlineData("from=9999-12-31&to=9999-12-31&by=campaign", "from")]
    [InlineData("from=1999-12-31&to=2000-01-02", "from")]
    [InlineData("from=2100-12-01&to=2101-01-01&by=month", "to")]
    public async Task Bad_parameters_answer_400_problem_json_naming_the_parameter(string parameters, string named)
    {
        using var response = await host.Client.SendAsync(host.Keyed(HttpMethod.Get, "api/reports/funnel?" + parameters));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
        Assert.True(
            detail.StartsWith(named + ":", StringComparison.Ordinal) || detail.Contains($"'{named}'", StringComparison.Ordinal),
            detail);
    }

    [Fact]
    public async Task The_report_needs_the_function_key()
    {
        using var response = await host.Client.GetAsync(FunnelReportLeads.Query(host, "week"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
