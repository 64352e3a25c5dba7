using System.Globalization;
using System.Net;
using System.Text.Json;
using LeadFunctions.FunctionApp.Functions;
using LeadFunctions.Scoring;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Tests.Functions;

[Collection(FunctionAppCollection.Name)]
public sealed class SuggestionFunctionsTests(FunctionAppFixture app)
{
    [Fact]
    public async Task SuggestPoints_answers_a_candidate_model_once_enough_outcomes_are_recorded()
    {
        // The collection shares one store: these 24 outcomes are enough whatever other tests recorded. Each form comes
        // from an address of its own, so that the capture's rate limit per address is left to the other tests.
        for (var n = 0; n < 24; n++)
        {
            var won = n % 2 == 0;
            var leadId = await CaptureAsync(n, won ? "CEO" : "Student");
            var status = won ? new { status = "won", reason = "Annual plan" } : new { status = "lost", reason = "Price" };
            var context = FunctionRequest.Create("POST", $"/api/leads/{leadId}/status", JsonSerializer.Serialize(status));
            context.Request.RouteValues["leadId"] = leadId;
            var recorded = await app.InvokeHttpAsync<SalesFunctions>(
                context,
                (functions, request, ct) => functions.PostLeadStatusAsync(request, leadId, ct));
            Assert.Equal(StatusCodes.Status200OK, recorded.StatusCode);
        }

        var answer = await SuggestAsync(null);

        Assert.Equal(StatusCodes.Status200OK, answer.StatusCode);
        Assert.EndsWith("-suggested", ScoringModel.Parse(answer.Json()["candidate"]!.ToJsonString()).Version, StringComparison.Ordinal);
        Assert.True(answer.Json()["fit"]!["won"]!.GetValue<int>() >= 12);
    }

    [Fact]
    public async Task SuggestPoints_names_the_bad_option()
    {
        var answer = await SuggestAsync("""{"lambda": 0}""");

        Assert.Equal(StatusCodes.Status400BadRequest, answer.StatusCode);
        Assert.NotNull(answer.Json()["errors"]!["lambda"]);
    }

    private async Task<string> CaptureAsync(int n, string jobTitle)
    {
        var form = JsonSerializer.Serialize(new { email = $"fit.{Guid.NewGuid():N}@example.org", jobTitle });
        var context = FunctionRequest.Create("POST", "/api/leads", form);
        context.Connection.RemoteIpAddress = IPAddress.Parse("198.51.100." + (n + 1).ToString(CultureInfo.InvariantCulture));
        var captured = await app.InvokeHttpAsync<CaptureFunctions>(
            context,
            (functions, request, ct) => functions.CaptureLeadAsync(request, ct));
        Assert.Equal(StatusCodes.Status202Accepted, captured.StatusCode);
        return captured.Json()["leadId"]!.GetValue<string>();
    }

    private Task<FunctionResponse> SuggestAsync(string? body) => app.InvokeHttpAsync<SuggestionFunctions>(
        FunctionRequest.Create("POST", "/api/models/suggestions", body),
        (functions, request, ct) => functions.SuggestPointsAsync(request, ct));
}
