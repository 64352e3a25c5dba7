using Azure;
using LeadFunctions.Diagnostics;
using LeadFunctions.Http.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Http.Tests.Protocol;

public sealed class StorageFaultGuardTests
{
    [Fact]
    public async Task A_storage_outage_answers_503_problem_with_Retry_After_and_logs_once_with_the_redacted_exception()
    {
        var logs = new ListLogger();
        var guard = new StorageFaultGuard(logs);

        var result = await guard.ApiAsync(
            "GetLead",
            () => throw new RequestFailedException(503, "secret-key=abc lead@example.org is down"));

        var problem = Assert.IsType<ObjectResult>(result, exactMatch: false);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.StatusCode);
        Assert.Contains(Problems.ContentType, problem.ContentTypes);
        Assert.Equal("10", RetryAfterOf(problem));
        var entry = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("GetLead", entry.Message, StringComparison.Ordinal);
        var redacted = Assert.IsType<RedactedException>(entry.Exception);
        Assert.Equal(typeof(RequestFailedException).FullName, redacted.OriginalType);
        Assert.DoesNotContain("example.org", redacted.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key", redacted.ToString(), StringComparison.Ordinal);
        Assert.NotNull(redacted.StackTrace);
    }

    [Fact]
    public async Task A_page_gets_its_own_unavailable_answer()
    {
        var page = new ContentResult { StatusCode = StatusCodes.Status503ServiceUnavailable, Content = "<p>down</p>" };
        var guard = new StorageFaultGuard(new ListLogger());

        var result = await guard.RunAsync("OpenPage", () => throw new TimeoutException(), () => page);

        Assert.Same(page, result);
    }

    [Fact]
    public async Task Answers_and_other_failures_pass_through_unlogged()
    {
        var logs = new ListLogger();
        var guard = new StorageFaultGuard(logs);
        var ok = new OkResult();

        Assert.Same(ok, await guard.ApiAsync("Read", () => Task.FromResult<IActionResult>(ok)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => guard.ApiAsync("Read", () => throw new InvalidOperationException()));
        await Assert.ThrowsAsync<RequestFailedException>(() => guard.ApiAsync("Read", () => throw new RequestFailedException(400, "bad")));
        Assert.Empty(logs.Entries);
    }

    private static string RetryAfterOf(ObjectResult result)
    {
        var http = new DefaultHttpContext();
        result.OnFormatting(new ActionContext(http, new RouteData(), new ActionDescriptor()));
        return http.Response.Headers.RetryAfter.ToString();
    }

    private sealed class ListLogger : ILogger<StorageFaultGuard>
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception), exception));
    }
}
