using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadFunctions.Diagnostics;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Azurite;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace LeadFunctions.LocalHost.Tests;

/// <summary>Storage down: 503 with Retry-After, never a 500 and never a 202 for data that was not stored.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class StorageOutageTests(LocalHostFixture host, ITestOutputHelper output)
{
    private const int LeadCount = 30;
    private const int Senders = 6;
    private const int EventsPerBatch = 10;
    private static readonly TimeSpan s_outage = TimeSpan.FromSeconds(10);
    private static readonly string[] s_types =
    [
        "Page Viewed",
        "Email Opened",
        "Webinar Attended",
        "Content Downloaded",
        "Feature Used",
        "Demo Requested",
    ];

    /// <summary>
    /// Issue 7: a burst of signed event batches from several senders; in the middle of it Azurite (on disk, so its
    /// data survives as real storage's does) is stopped for 10 s and started again while the senders keep posting.
    /// Every answer is 202 or a proper 503; the senders then re-send what got a 503, as webhook providers do; and
    /// with no manual trigger the queue listener picks up again, until every lead's stored score is the pure
    /// engine's score of exactly the events sent for it, each once, with nothing in the poison queue.
    /// </summary>
    [Fact]
    public async Task A_burst_across_a_10_s_storage_outage_gets_202_or_503_and_every_event_is_scored_once_when_storage_is_back()
    {
        var clock = Stopwatch.StartNew();
        await using var azurite = AzuriteFixture.OnDisk();
        var logs = new TimestampedLogs(clock);
        var (settings, app, client) = await StartOnAsync(azurite, logs);
        using var endOfBurst = new CancellationTokenSource();
        Task[] senders = [];
        try
        {
            // The fake clock stands still during this test: the form fills, the events and every rescore share "now".
            var now = host.Clock.GetUtcNow();
            var leads = new (string Id, string Email)[LeadCount];
            await Parallel.ForEachAsync(Enumerable.Range(0, LeadCount), async (i, ct) =>
            {
                var email = $"outage{i}.{Guid.NewGuid():N}@example.org";
                using var response = await client.PostAsJsonAsync("api/leads", new { email }, ct);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                leads[i] = ((await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["leadId"]!.GetValue<string>(), email);
            });

            // The burst: each sender posts new batches (events for several leads, by leadId or by email) until told to stop.
            var sent = new ConcurrentDictionary<int, SentEvent[]>();
            var answers = new ConcurrentQueue<Answer>();
            var refused = new ConcurrentQueue<string>();
            var nextBatch = -1;
            senders = Enumerable.Range(0, Senders).Select(_ => Task.Run(async () =>
            {
                while (!endOfBurst.IsCancellationRequested)
                {
                    var batch = Interlocked.Increment(ref nextBatch);
                    var events = Enumerable.Range(batch * EventsPerBatch, EventsPerBatch).Select(i => NewEvent(i, now)).ToArray();
                    sent[batch] = events;
                    var json = Serialize(events, leads);
                    var answer = await PostAsync(client, json, clock);
                    answers.Enqueue(answer);
                    if (answer.Status == HttpStatusCode.ServiceUnavailable)
                    {
                        refused.Enqueue(json);
                    }

                    await Task.Delay(100);
                }
            })).ToArray();

            await Eventually.GetAsync(() => Task.FromResult(Accepted(answers)), n => n >= 20, "the burst to be under way");
            await azurite.StopAsync();
            var stoppedAt = clock.Elapsed;
            await Task.Delay(s_outage);
            var refusedDuringOutage = answers.Count(a => a.Status == HttpStatusCode.ServiceUnavailable);
            await azurite.StartAsync();
            var startedAt = clock.Elapsed;
            var acceptedBefore = Accepted(answers);
            await Eventually.GetAsync(
                () => Task.FromResult(Accepted(answers)),
                n => n >= acceptedBefore + 20,
                "batches to be accepted again after the outage");
            await endOfBurst.CancelAsync();
            await Task.WhenAll(senders);
            var acceptedInBurst = Accepted(answers);

            // Every answer: 202, or 503 with Retry-After as problem+json. Never a 500, a timeout or anything else.
            var all = answers.ToArray();
            Assert.All(all, answer => Assert.True(
                answer.Status == HttpStatusCode.Accepted
                    || answer is { Status: HttpStatusCode.ServiceUnavailable, HasRetryAfter: true, MediaType: "application/problem+json" },
                $"unexpected answer at {answer.At.TotalSeconds:0.0} s: {answer}"));
            Assert.Contains(
                all,
                answer => answer.Status == HttpStatusCode.ServiceUnavailable && answer.At > stoppedAt && answer.At < startedAt);

            // A webhook sender retries what was refused until it is accepted.
            var resent = 0;
            var refusedOnResend = 0;
            while (refused.TryDequeue(out var json))
            {
                await Eventually.GetAsync(
                    async () => (await PostAsync(client, json, clock)).Status,
                    status => status == HttpStatusCode.Accepted || Interlocked.Increment(ref refusedOnResend) < 0,
                    "a refused batch to be accepted when re-sent");
                resent++;
            }

            // Every 503 left one warning with the redacted exception (type and stack trace, no message): an outage shows
            // in the app's logs, once per refused request.
            Assert.Equal(
                all.Count(answer => answer.Status == HttpStatusCode.ServiceUnavailable) + refusedOnResend,
                logs.Count(LogLevel.Warning, "Storage unavailable during IngestEvents", typeof(RedactedException)));

            // No manual trigger: the queue listener resumes by itself, and every lead ends with exactly its events. The
            // batches answered 202 were never re-sent, so their events are there only if a 202 meant "stored".
            var scorer = new LeadScorer(ScoringModel.Default, host.Clock);
            var expected = leads
                .Select((lead, i) => Expected(scorer, lead.Email, sent.Values.SelectMany(batch => batch).Where(e => e.Lead == i), now))
                .ToArray();
            var stored = await Eventually.GetAsync(
                () => Task.WhenAll(leads.Select(lead => GetLeadAsync(client, lead.Id))),
                read => read.Select((lead, i) => lead?["eventCount"]?.GetValue<int>() == expected[i].EventCount).All(same => same),
                "every lead to be scored with exactly the events sent for it",
                TimeSpan.FromSeconds(30));
            var processedAt = clock.Elapsed;
            for (var i = 0; i < LeadCount; i++)
            {
                Assert.Equal(expected[i].EventCount, stored[i]!["eventCount"]!.GetValue<int>());
                Assert.Equal(expected[i].EngagementScore, stored[i]!["engagementScore"]!.GetValue<decimal>());
                Assert.Equal(expected[i].FitScore, stored[i]!["fitScore"]!.GetValue<decimal>());
                Assert.Equal(expected[i].Stage.ToString(), stored[i]!["stage"]!.GetValue<string>());
            }

            var poison = azurite.CreateQueueServiceClient().GetQueueClient(settings["RescoreQueueName"] + "-poison");
            Assert.Empty(await poison.PeekIfExistsAsync());

            var firstRescoreAfter = logs.FirstAfter(startedAt, "Rescored ");
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{sent.Count} batches ({sent.Count * EventsPerBatch} events) for {LeadCount} leads from {Senders} senders: " +
                $"{acceptedInBurst} answered 202, {all.Length - acceptedInBurst} answered 503 ({refusedDuringOutage} by the end of the " +
                $"outage); {resent} re-sent and accepted\n" +
                $"Azurite stopped at {stoppedAt.TotalSeconds:0.0} s, started again at {startedAt.TotalSeconds:0.0} s; " +
                $"warnings and errors logged meanwhile: {logs.CountAtLeast(LogLevel.Warning, stoppedAt, startedAt)}\n" +
                $"first rescore after the restart: {(firstRescoreAfter - startedAt)?.TotalSeconds:0.0} s after it; every lead exact " +
                $"{(processedAt - startedAt).TotalSeconds:0.0} s after it; test {clock.Elapsed.TotalSeconds:0.0} s"));
        }
        finally
        {
            await endOfBurst.CancelAsync(); // when something failed during the burst
            await Task.WhenAll(senders)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Requests_answer_503_while_storage_is_down_and_work_again_when_it_is_back()
    {
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        var settings = host.Settings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        var (app, client) = await host.StartHostAsync(settings);
        try
        {
            using (var warm = await client.PostAsJsonAsync("api/leads", new { email = $"warm.{Guid.NewGuid():N}@example.org" }))
            {
                Assert.Equal(HttpStatusCode.Accepted, warm.StatusCode);
            }

            await azurite.StopAsync();

            using var capture = await client.PostAsJsonAsync("api/leads", new { email = $"down.{Guid.NewGuid():N}@example.org" });
            using var events = await client.SendAsync(
                host.SignedEvents(
                    "[{\"eventId\":\"o1\",\"email\":\"down@example.org\",\"type\":\"Email Opened\",\"occurredAt\":\"" +
                    host.Clock.GetUtcNow().ToString("O") + "\"}]"));
            using var health = await client.GetAsync("api/health");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, capture.StatusCode);
            Assert.NotNull(capture.Headers.RetryAfter);
            Assert.Equal("application/problem+json", capture.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, events.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);

            await azurite.StartAsync();
            using var healthy = await Eventually.GetAsync(
                () => client.GetAsync("api/health"),
                response => response.StatusCode == HttpStatusCode.OK,
                "health to come back");
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>
    /// Storage down for longer than the storage SDK retries a poll makes the queue listener fail. The SDK's default
    /// handler rethrew that on a new thread and ended the process (this test's runner with it, as seen once in CI);
    /// the Functions host logs it and restarts its job host, and so does the local host: the failure is logged with
    /// its exception, the job host starts again, and a lead captured once storage is back is scored by the listener.
    /// </summary>
    [Fact]
    public async Task A_storage_outage_past_the_SDK_retries_restarts_the_queue_listener_instead_of_ending_the_process()
    {
        var clock = Stopwatch.StartNew();
        await using var azurite = AzuriteFixture.OnDisk();
        var logs = new TimestampedLogs(clock);
        var (_, app, client) = await StartOnAsync(azurite, logs);
        try
        {
            await azurite.StopAsync();
            await Eventually.GetAsync(
                () => Task.FromResult(logs.Count(LogLevel.Error, "The queue listener failed", typeof(RedactedException))),
                failures => failures > 0,
                "the queue listener to fail on storage that stays down",
                TimeSpan.FromMinutes(3));
            var failedAt = clock.Elapsed;
            await azurite.StartAsync();
            await Eventually.GetAsync(
                () => Task.FromResult(logs.FirstAfter(failedAt, "The queue listener's job host restarted")),
                restarted => restarted is not null,
                "the job host to restart once storage is back",
                TimeSpan.FromMinutes(2));

            var now = host.Clock.GetUtcNow();
            var email = $"restart.{Guid.NewGuid():N}@example.org";
            using var capture = await client.PostAsJsonAsync("api/leads", new { email });
            Assert.Equal(HttpStatusCode.Accepted, capture.StatusCode);
            var leadId = (await capture.Content.ReadFromJsonAsync<JsonObject>())!["leadId"]!.GetValue<string>();
            var sent = new[] { NewEvent(0, now), NewEvent(LeadCount, now), NewEvent(2 * LeadCount, now) }; // all of lead 0
            using (var events = await client.SendAsync(host.SignedEvents(Serialize(sent, [(leadId, email)]))))
            {
                Assert.Equal(HttpStatusCode.Accepted, events.StatusCode);
            }

            var expected = Expected(new LeadScorer(ScoringModel.Default, host.Clock), email, sent, now);
            var stored = await Eventually.GetAsync(
                () => GetLeadAsync(client, leadId),
                lead => lead?["eventCount"]?.GetValue<int>() == expected.EventCount,
                "the restarted listener to score the lead",
                TimeSpan.FromSeconds(30));
            Assert.Equal(expected.EngagementScore, stored!["engagementScore"]!.GetValue<decimal>());
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"listener failed {failedAt.TotalSeconds:0.0} s after start; failures logged " +
                $"{logs.Count(LogLevel.Error, "The queue listener failed", typeof(RedactedException))}; test {clock.Elapsed.TotalSeconds:0.0} s"));
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("table")]
    [InlineData("queue")]
    public async Task A_table_or_queue_deleted_under_the_running_app_is_503_once_then_created_again(string deleted)
    {
        var settings = host.Settings();
        settings["RescoreQueueName"] = "deleted-" + Guid.NewGuid().ToString("N")[..8];
        settings["LocalHost:RunTriggers"] = "false";
        var (app, client) = await host.StartHostAsync(settings);
        try
        {
            using (var first = await client.PostAsJsonAsync("api/leads", new { email = $"before.{Guid.NewGuid():N}@example.org" }))
            {
                Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            }

            if (deleted == "table")
            {
                await host.Azurite.CreateTableServiceClient().DeleteTableAsync(settings["Storage:TablePrefix"] + "LeadEmails");
            }
            else
            {
                await host.Azurite.CreateQueueServiceClient().DeleteQueueAsync(settings["RescoreQueueName"]);
            }

            using var during = await client.PostAsJsonAsync("api/leads", new { email = $"during.{Guid.NewGuid():N}@example.org" });
            using var after = await client.PostAsJsonAsync("api/leads", new { email = $"after.{Guid.NewGuid():N}@example.org" });

            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Starts <paramref name="azurite"/> (on disk, so its data survives a stop) and a host of its own on it, logging to <paramref name="logs"/>.</summary>
    private async Task<(Dictionary<string, string?> Settings, WebApplication App, HttpClient Client)> StartOnAsync(
        AzuriteFixture azurite, TimestampedLogs logs)
    {
        await azurite.InitializeAsync();
        var settings = host.Settings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        var (app, client) = await host.StartHostAsync(settings, builder => builder.Logging.AddProvider(logs));
        return (settings, app, client);
    }

    private static SentEvent NewEvent(int i, DateTimeOffset now) => new(
        $"outage-{i}",
        i % LeadCount,
        s_types[i % s_types.Length],
        now.AddMinutes(-i),
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["path"] = i % 4 == 0 ? "/pricing" : "/docs",
            ["emailId"] = $"m{i % 5}",
            ["contentId"] = $"c{i % 3}",
            ["feature"] = $"f{i % 7}",
            ["webinarId"] = $"w{i % 2}",
        });

    /// <summary>The canonical JSON: odd events name their lead by id, even ones by email.</summary>
    private static string Serialize(SentEvent[] events, (string Id, string Email)[] leads) =>
        JsonSerializer.Serialize(events.Select(e => e.Lead % 2 == 1
            ? (object)new
            {
                eventId = e.EventId,
                leadId = leads[e.Lead].Id,
                type = e.Type,
                occurredAt = e.OccurredAt,
                properties = e.Properties,
            }
            : new
            {
                eventId = e.EventId,
                email = leads[e.Lead].Email,
                type = e.Type,
                occurredAt = e.OccurredAt,
                properties = e.Properties,
            }));

    /// <summary>The pure engine over the lead's form fill (email only, at <paramref name="now"/>) and its events.</summary>
    private static LeadScore Expected(LeadScorer scorer, string email, IEnumerable<SentEvent> events, DateTimeOffset now)
    {
        var form = new EngagementEvent
        {
            EventId = "form",
            Type = "Form Submitted",
            OccurredAt = now,
            Properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
        };
        var engagement = events.Select(
            e => new EngagementEvent { EventId = e.EventId, Type = e.Type, OccurredAt = e.OccurredAt, Properties = e.Properties });
        return scorer.Score(new LeadProfile { Email = email }, [form, .. engagement], LeadStanding.New, now);
    }

    private async Task<Answer> PostAsync(HttpClient client, string json, Stopwatch clock)
    {
        var at = clock.Elapsed;
        try
        {
            using var response = await client.SendAsync(host.SignedEvents(json));
            return new Answer(
                at,
                response.StatusCode,
                response.Headers.RetryAfter is not null,
                response.Content.Headers.ContentType?.MediaType,
                null);
        }
        catch (HttpRequestException exception)
        {
            return new Answer(at, 0, false, null, exception.Message);
        }
        catch (TaskCanceledException exception)
        {
            return new Answer(at, 0, false, null, exception.Message);
        }
    }

    private static int Accepted(IEnumerable<Answer> answers) => answers.Count(answer => answer.Status == HttpStatusCode.Accepted);

    private static async Task<JsonNode?> GetLeadAsync(HttpClient client, string leadId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/leads/{leadId}");
        request.Headers.Add("x-functions-key", LocalHostFixture.FunctionKey);
        using var response = await client.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonNode>() : null;
    }

    private sealed record SentEvent(
        string EventId,
        int Lead,
        string Type,
        DateTimeOffset OccurredAt,
        Dictionary<string, string> Properties);

    private sealed record Answer(TimeSpan At, HttpStatusCode Status, bool HasRetryAfter, string? MediaType, string? Error);

    /// <summary>The host's log lines with the time they were written (from the test's stopwatch).</summary>
    private sealed class TimestampedLogs(Stopwatch clock) : ILoggerProvider
    {
        private readonly ConcurrentQueue<(TimeSpan At, LogLevel Level, string Message, Type? Exception)> _lines = new();

        public int Count(LogLevel level, string text, Type exception) =>
            _lines.Count(line => line.Level == level && line.Exception == exception && line.Message.Contains(text, StringComparison.Ordinal));

        public TimeSpan? FirstAfter(TimeSpan after, string text) =>
            _lines.Where(line => line.At >= after && line.Message.Contains(text, StringComparison.Ordinal))
                .Select(line => (TimeSpan?)line.At)
                .Min();

        public int CountAtLeast(LogLevel level, TimeSpan from, TimeSpan to) =>
            _lines.Count(line => line.Level >= level && line.At >= from && line.At <= to);

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        private void Add(LogLevel level, string? message, Exception? exception) =>
            _lines.Enqueue((clock.Elapsed, level, message ?? string.Empty, exception?.GetType()));

        public void Dispose()
        {
        }

        private sealed class Logger(TimestampedLogs logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(
                LogLevel logLevel,
                EventId eventId,
                TState state,
                Exception? exception,
                Func<TState, Exception?, string> formatter) =>
                logs.Add(logLevel, formatter(state, exception), exception);
        }
    }
}
