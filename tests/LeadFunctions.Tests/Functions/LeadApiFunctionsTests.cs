using System.Text.Json.Nodes;
using LeadFunctions.FunctionApp.Functions;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Tests.Functions;

[Collection(FunctionAppCollection.Name)]
public sealed class LeadApiFunctionsTests(FunctionAppFixture app)
{
    [Fact]
    public async Task GetLead_reads_a_scored_lead()
    {
        var leadId = await app.CaptureLeadAsync(
            new { email = $"read.{Guid.NewGuid():N}@example.org", jobTitle = "VP Marketing", companySize = "250" });
        await app.RescoreThroughTheQueueAsync(leadId);

        var lead = await app.GetLeadAsync(leadId);

        Assert.Equal(leadId, lead!["leadId"]!.GetValue<string>());
        Assert.NotNull(lead["scoredAt"]);
        Assert.True(lead["fitScore"]!.GetValue<decimal>() > 0);
    }

    [Fact]
    public async Task ListLeads_lists_a_lead_under_its_stage()
    {
        var leadId = await app.CaptureLeadAsync(new { email = $"list.{Guid.NewGuid():N}@example.org", jobTitle = "Engineer" });
        await app.RescoreThroughTheQueueAsync(leadId);

        var listed = new List<string>();
        string? continuationToken = null;
        do
        {
            var query = "/api/leads?stage=Lead&pageSize=100" +
                (continuationToken is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(continuationToken));
            var response = await app.InvokeHttpAsync<LeadApiFunctions>(
                FunctionRequest.Create("GET", query),
                (functions, request, ct) => functions.ListLeadsAsync(request, ct));
            Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
            var page = response.Json();
            listed.AddRange(page["items"]!.AsArray().Select(item => item!["leadId"]!.GetValue<string>()));
            continuationToken = page["continuationToken"]?.GetValue<string>();
        }
        while (continuationToken is not null);

        Assert.Contains(leadId, listed);
    }

    [Fact]
    public async Task ListLeads_refuses_an_unknown_stage()
    {
        var response = await app.InvokeHttpAsync<LeadApiFunctions>(
            FunctionRequest.Create("GET", "/api/leads?stage=Hot"),
            (functions, request, ct) => functions.ListLeadsAsync(request, ct));

        Assert.Equal(StatusCodes.Status400BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task DeleteLead_erases_a_lead_and_answers_204_every_time()
    {
        var leadId = await app.CaptureLeadAsync(new { email = $"erase.{Guid.NewGuid():N}@example.org" });

        var first = await DeleteAsync(leadId);
        var second = await DeleteAsync(leadId);

        Assert.Equal(StatusCodes.Status204NoContent, first.StatusCode);
        Assert.Equal(StatusCodes.Status204NoContent, second.StatusCode);
        Assert.Null(await app.GetLeadAsync(leadId));
    }

    [Fact]
    public async Task RescoreAll_queues_every_lead_for_rescoring_through_a_cursor_message()
    {
        var leadId = await app.CaptureLeadAsync(new { email = $"all.{Guid.NewGuid():N}@example.org" });
        await app.RescoreThroughTheQueueAsync(leadId); // the capture's own message

        var response = await app.InvokeHttpAsync<LeadApiFunctions>(
            FunctionRequest.Create("POST", "/api/models/rescore"),
            (functions, request, ct) => functions.RescoreAllAsync(request, ct));

        Assert.Equal(StatusCodes.Status202Accepted, response.StatusCode);
        Assert.Equal("started", response.Json()["status"]!.GetValue<string>());
        var cursor = await app.TakeQueuedMessageAsync(
            text => JsonNode.Parse(text)?["all"]?.GetValue<bool>() == true,
            "the rescore of every lead");
        await app.InvokeAsync<BackgroundFunctions>(
            (functions, ct) => functions.RescoreLeadAsync(FunctionAppFixture.AsDelivered(cursor), ct));
        await app.TakeQueuedMessageAsync(text => FunctionAppFixture.NamesLead(text, leadId), $"lead {leadId}, queued by the cursor");
    }

    [Fact]
    public async Task Health_answers_200_when_storage_answers()
    {
        var response = await app.InvokeHttpAsync<LeadApiFunctions>(
            FunctionRequest.Create("GET", "/api/health"),
            (functions, request, ct) => functions.HealthAsync(request, ct));

        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        Assert.Equal("healthy", response.Json()["status"]!.GetValue<string>());
    }

    private Task<FunctionResponse> DeleteAsync(string leadId)
    {
        var context = FunctionRequest.Create("DELETE", $"/api/leads/{leadId}");
        context.Request.RouteValues["leadId"] = leadId;
        return app.InvokeHttpAsync<LeadApiFunctions>(context, (functions, request, ct) => functions.DeleteLeadAsync(request, leadId, ct));
    }
}
