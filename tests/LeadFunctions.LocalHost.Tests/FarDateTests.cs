using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace LeadFunctions.LocalHost.Tests;

/// <summary>
/// Dates far from now wherever the API takes one (see <c>SaneDates</c>): the funnel's days are checked against the
/// range itself (FunnelReportTests); the times a caller records are bounded around now, so a far one is a 400 or a
/// rejected line or item, never a 500 from date arithmetic.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class FarDateTests(LocalHostFixture host)
{
    [Theory]
    [InlineData("9998-03-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    public async Task A_far_occurredAt_in_the_status_API_answers_400_naming_it(string occurredAt)
    {
        using var request = host.Keyed(HttpMethod.Post, $"api/leads/{Guid.NewGuid():N}/status");
        request.Content = JsonContent.Create(new { status = "won", occurredAt });

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(problem["errors"]!["occurredAt"]);
    }

    [Fact]
    public async Task Far_dates_in_an_outcome_file_are_rejected_lines()
    {
        var email = $"far.{Guid.NewGuid():N}@northwind.example";
        var csv = "email,outcome,occurredAt,reason\n"
            + $"{email},won,9998-03-01,\n"
            + $"{email},won,9999-12-31T23:59:59-01:00,\n"
            + $"{email},won,0001-01-01,\n";
        using var request = host.Keyed(HttpMethod.Post, "api/outcomes");
        request.Content = new StringContent(csv, new UTF8Encoding(false), "text/csv");

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(3, result["rejected"]!.GetValue<int>());
        Assert.All(result["errors"]!.AsArray(), error => Assert.StartsWith("occurredAt", error!["reason"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Far_event_times_are_rejected_per_item()
    {
        var json = $$"""
            [{"eventId":"far-1-{{Guid.NewGuid():N}}","email":"far@example.com","type":"Email Opened","occurredAt":"9998-03-01T00:00:00Z"},
             {"eventId":"far-2-{{Guid.NewGuid():N}}","email":"far@example.com","type":"Email Opened","occurredAt":253402300800},
             {"eventId":"far-3-{{Guid.NewGuid():N}}","email":"far@example.com","type":"Email Opened","occurredAt":"0001-01-01T00:00:00Z"}]
            """;

        using var response = await host.Client.SendAsync(host.SignedEvents(json));

        var result = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((HttpStatusCode.Accepted, 0, 3), (response.StatusCode, result["accepted"]!.GetValue<int>(), result["rejected"]!.GetValue<int>()));
    }
}
