using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadFunctions.LocalHost.Tests.Sales;

namespace LeadFunctions.LocalHost.Tests.Outcomes;

/// <summary>
/// <c>POST /api/outcomes</c> through the local host with Azurite: a CRM export imported once however often it is sent,
/// its bad lines named by number, and every file refused whole (too large, wrong type, wrong header) changing nothing.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class OutcomeImportTests(LocalHostFixture host)
{
    private const string Header = "email,outcome,occurredAt,reason";
    private const string Formula = "=HYPERLINK(\"http://x\",\"y\")";

    [Fact]
    public async Task A_crm_export_is_imported_and_a_replay_of_it_records_nothing_twice()
    {
        var (won, lost, disqualified, erased) = (NewEmail(), NewEmail(), NewEmail(), NewEmail());
        var ids = new[] { await CaptureAsync(won), await CaptureAsync(lost), await CaptureAsync(disqualified) };
        await EraseAsync(await CaptureAsync(erased));
        var at = Yesterday();
        var csv = "\uFEFF" + Header + "\r\n"
            + $"{won},won,{at},Annual plan\r\n"                                    // line 2
            + $"{lost},lost,{at},\"{Formula.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\r\n" // line 3
            + $"nobody.{Guid.NewGuid():N}@example.org,won,{at},\r\n"               // line 4: no such lead
            + $"{erased},lost,{at},Price\r\n"                                     // line 5: erased
            + $"{won},maybe,{at},\r\n"                                            // line 6: unknown word
            + $"{disqualified},disqualified,{at},\"Competitor's\r\nreseller\"\r\n" // lines 7-8
            + $"{won.ToUpperInvariant()},won,{at},Annual plan\r\n";                // line 9: line 2 again

        var first = await PostAsync(csv);
        var replay = await PostAsync(csv);

        const string Errors = "\"errors\":[{\"line\":6,\"reason\":\"outcome must be won, lost or disqualified.\"}]}";
        Assert.Equal("""{"imported":3,"alreadyRecorded":1,"unknownLeads":2,"rejected":1,""" + Errors, first);
        Assert.Equal("""{"imported":0,"alreadyRecorded":4,"unknownLeads":2,"rejected":1,""" + Errors, replay);
        var leads = await Task.WhenAll(ids.Select(id => HandedOffLead.GetLeadAsync(host, id)));
        Assert.Equal(["Won", "Lost", "Disqualified"], leads.Select(lead => lead!["stage"]!.GetValue<string>()));
        Assert.Single(leads[0]!["stageHistory"]!.AsArray(), change => change!["action"]?.GetValue<string>() == "Won");
        var lostChange = leads[1]!["stageHistory"]!.AsArray()[^1]!;
        Assert.Equal(("imported", Formula, "import"), (Text(lostChange, "reason"), Text(lostChange, "note"), Text(lostChange, "actor")));
        Assert.Equal("Competitor's\r\nreseller", Text(leads[2]!["stageHistory"]!.AsArray()[^1]!, "note"));
    }

    [Fact]
    public async Task A_backfilled_outcome_older_than_the_lead_s_latest_is_counted_older_than_current_and_moves_nothing()
    {
        var email = NewEmail();
        var leadId = await CaptureAsync(email);
        var monthAgo = host.Clock.GetUtcNow().AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var won = await PostAsync($"{Header}\n{email},won,{Yesterday()},Annual plan\n");
        var backfill = await PostAsync($"{Header}\n{email},lost,{monthAgo},Price\n");

        Assert.Equal("""{"imported":1,"alreadyRecorded":0,"unknownLeads":0,"rejected":0,"errors":[]}""", won);
        Assert.Equal("""{"imported":0,"alreadyRecorded":0,"olderThanCurrent":1,"unknownLeads":0,"rejected":0,"errors":[]}""", backfill);
        var lead = (await HandedOffLead.GetLeadAsync(host, leadId))!;
        Assert.Equal(("Won", "won"), (Text(lead, "stage"), Text(lead["outcome"]!, "status")));
        var lost = Assert.Single(lead["stageHistory"]!.AsArray(), change => change!["action"]?.GetValue<string>() == "Lost")!;
        Assert.True(lost["recordedAsHistory"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_body_over_10_MiB_is_413_with_or_without_a_content_length_and_imports_nothing()
    {
        var email = NewEmail();
        var leadId = await CaptureAsync(email);
        var csv = Header + "\n" + $"{email},won,{Yesterday()},\n" + new string('\n', 10 * 1024 * 1024);

        using var declared = await host.Client.SendAsync(Keyed(new StringContent(csv, Encoding.UTF8, "text/csv")));
        var chunked = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(csv)));
        chunked.Headers.ContentType = new("text/csv");
        using var counted = await host.Client.SendAsync(Keyed(chunked));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, counted.StatusCode);
        Assert.Null(chunked.Headers.ContentLength);
        Assert.Equal("application/problem+json", counted.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Lead", (await HandedOffLead.GetLeadAsync(host, leadId))!["stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_type_header_or_empty_body_is_refused_whole_and_names_the_header()
    {
        var email = NewEmail();
        var leadId = await CaptureAsync(email);
        var line = $"{email},won,{Yesterday()},\n";

        using var json = await host.Client.SendAsync(Keyed(new StringContent(Header + "\n" + line, Encoding.UTF8, "application/json")));
        using var noHeader = await host.Client.SendAsync(Keyed(new StringContent(line, Encoding.UTF8, "text/csv")));
        using var empty = await host.Client.SendAsync(Keyed(new StringContent(string.Empty, Encoding.UTF8, "text/csv")));
        using var noKey = await host.Client.PostAsync("api/outcomes", new StringContent(Header + "\n" + line, Encoding.UTF8, "text/csv"));

        Assert.Equal(
            [HttpStatusCode.UnsupportedMediaType, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized],
            new[] { json, noHeader, empty, noKey }.Select(response => response.StatusCode));
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType!.MediaType);
        Assert.Contains(Header, await Detail(noHeader), StringComparison.Ordinal);
        Assert.StartsWith("The body is empty", await Detail(empty), StringComparison.Ordinal);
        Assert.Equal("Lead", (await HandedOffLead.GetLeadAsync(host, leadId))!["stage"]!.GetValue<string>());
    }

    private static string NewEmail() => $"crm.{Guid.NewGuid():N}@northwind.example";

    private static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();

    private static async Task<string> Detail(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();

    private string Yesterday() =>
        host.Clock.GetUtcNow().AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private HttpRequestMessage Keyed(HttpContent content)
    {
        var request = host.Keyed(HttpMethod.Post, "api/outcomes");
        request.Content = content;
        return request;
    }

    private async Task<string> PostAsync(string csv)
    {
        using var response = await host.Client.SendAsync(Keyed(new StringContent(csv, new UTF8Encoding(false), "text/csv")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string> CaptureAsync(string email)
    {
        using var response = await host.Client.PostAsJsonAsync("api/leads", new { email, company = "Northwind Traders" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["leadId"]!.GetValue<string>();
    }

    private async Task EraseAsync(string leadId)
    {
        using var response = await host.Client.SendAsync(host.Keyed(HttpMethod.Delete, $"api/leads/{leadId}"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>A body whose length HttpClient cannot know, so it is sent chunked, without a Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
