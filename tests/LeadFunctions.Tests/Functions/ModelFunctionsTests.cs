using System.Text.Json.Nodes;
using LeadFunctions.FunctionApp.Functions;
using LeadFunctions.Testing.Backtesting;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Tests.Functions;

[Collection(FunctionAppCollection.Name)]
public sealed class ModelFunctionsTests(FunctionAppFixture app)
{
    [Fact]
    public async Task StartBacktest_queues_base64_pages_that_RunBacktest_takes_to_a_completed_job()
    {
        var response = await app.InvokeHttpAsync<ModelFunctions>(
            FunctionRequest.Create("POST", "/api/models/backtests", CandidateModels.Candidate()),
            (functions, request, ct) => functions.StartBacktestAsync(request, ct));
        Assert.Equal(StatusCodes.Status202Accepted, response.StatusCode);
        var id = response.Json()["id"]!.GetValue<string>();
        Assert.Equal($"/api/models/backtests/{id}", response.Headers.Location.ToString());

        // Won, Lost, Disqualified: at least a page each (this app's tables may hold other tests' outcomes).
        for (var page = 1; await StatusAsync(id) == "running"; page++)
        {
            Assert.True(page <= 20, "The job should end after a page per outcome stage.");
            var stored = await app.TakeBacktestMessageAsync(text => NamesJob(text, id), $"page {page} of backtest {id}");
            Assert.False(stored.TrimStart().StartsWith('{'), $"The queue holds '{stored}': the app must store base64.");
            await app.InvokeAsync<ModelFunctions>(
                (functions, ct) => functions.RunBacktestAsync(FunctionAppFixture.AsDelivered(stored), ct));
        }

        Assert.Equal("completed", await StatusAsync(id));
    }

    [Fact]
    public async Task FailBacktest_marks_the_job_of_a_poison_page_failed()
    {
        var response = await app.InvokeHttpAsync<ModelFunctions>(
            FunctionRequest.Create("POST", "/api/models/backtests", CandidateModels.Candidate()),
            (functions, request, ct) => functions.StartBacktestAsync(request, ct));
        var id = response.Json()["id"]!.GetValue<string>();
        var stored = await app.TakeBacktestMessageAsync(text => NamesJob(text, id), $"page 1 of backtest {id}");

        await app.InvokeAsync<ModelFunctions>(
            (functions, ct) => functions.FailBacktestAsync(FunctionAppFixture.AsDelivered(stored), ct));

        Assert.Equal("failed", await StatusAsync(id));
    }

    private async Task<string> StatusAsync(string id)
    {
        var context = FunctionRequest.Create("GET", $"/api/models/backtests/{id}");
        var response = await app.InvokeHttpAsync<ModelFunctions>(
            context,
            (functions, request, ct) => functions.GetBacktestAsync(request, id, ct));
        Assert.Equal(StatusCodes.Status200OK, response.StatusCode);
        return response.Json()["status"]!.GetValue<string>();
    }

    private static bool NamesJob(string delivered, string id) => JsonNode.Parse(delivered)?["jobId"]?.GetValue<string>() == id;
}
