using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using Azure.Data.Tables;
using LeadFunctions.Testing;
using LeadFunctions.Testing.Azurite;
using LeadFunctions.Testing.Maildev;
using LeadFunctions.Webhooks.Canonical;

namespace LeadFunctions.LoadBenchmarks;

/// <summary>
/// The crash test (issue 7): 100 leads, 80 of them first captured with a profile through <c>POST /api/leads</c>, then a
/// burst of 2,000 canonical events, while the local host (a separate process, sending its sales hand-offs over SMTP to a
/// real maildev, its timer running every 3 s, a hand-off's send lease 20 s) is killed with SIGKILL twice and restarted:
/// once in the middle of the burst, once while the timer is dispatching hand-offs (as soon as maildev holds a seeded
/// number of emails, at least one of them from the restarted host). After the queue has drained, one more timer run
/// (<c>POST admin/functions/DecayAndNotify</c>) and a bounded wait until every hand-off is recorded,
/// <list type="bullet">
/// <item>every lead's stored scores and stage equal the pure engine's (<see cref="LeadScorer"/>) for exactly the profile
/// and events sent (each once), and no lead is missing;</item>
/// <item>the poison queue is empty (the test sends no bad message);</item>
/// <item>every lead the pure engine puts in SQL (60 of the plan's 100) has one hand-off, recorded as notified (the
/// hand-off Sent and the lead's <c>salesNotifiedAt</c> set), and maildev received exactly one email for it (to the
/// routed inbox, with the hand-off's Message-ID and the lead's link); no Message-ID arrived twice; no other lead got a
/// hand-off or an email.</item>
/// </list>
/// One summary line per part; exit code 1 on any failure, with the failing leads and the host's lines about them.
///   dotnet build -c Release src/LeadFunctions.LocalHost &amp;&amp;
///     dotnet run -c Release --project bench/LeadFunctions.LoadBenchmarks -- --crash
/// Kill moments are drawn from a seeded <see cref="Random"/>; every process the test starts is stopped, also on failure.
/// </summary>
internal static class CrashTest
{
    private const string FunctionKey = "crash-function-key-0123456789";
    private const string EventsSecret = "crash-events-secret-0123456789";
    private const string LinkSecret = "crash-handoff-link-secret-0123456789-abcdef";
    private const int LeadCount = 100;
    private const int BatchCount = 20; // one event per lead per batch: 2,000 events
    private const string TimerSchedule = "*/3 * * * * *";

    private static readonly HandoffLinks Links = new(new LeadFunctions.Notifications.HandoffOptions { LinkSecret = LinkSecret });
    private const string DachInbox = "dach-sales@example.com";
    private const string EnterpriseInbox = "enterprise-sales@example.com";
    private const string DefaultInbox = "sales@example.com";

    /// <summary>Short, so that a hand-off left claimed by a killed host is sent again within the test (default 5 minutes).</summary>
    private static readonly TimeSpan SendLease = TimeSpan.FromSeconds(20);

    private static readonly string[] LowIntentTypes = ["Page Viewed", "Email Opened"];
    private static readonly string[] NoIntentTypes =
    [
        "Page Viewed",
        "Email Opened",
        "Webinar Attended",
        "Content Downloaded",
        "Feature Used",
    ];
    private static readonly string[] AllTypes =
    [
        "Page Viewed",
        "Email Opened",
        "Webinar Attended",
        "Content Downloaded",
        "Feature Used",
        "Demo Requested",
    ];

    private enum LeadKind
    {
        /// <summary>Captured with a full profile (BANT complete); a demo request or sales contact at a random batch.</summary>
        SqlCandidate = 0,

        /// <summary>Captured with a profile without a budget; no high-intent event: never SQL.</summary>
        NoIntent = 1,

        /// <summary>Never captured (the events create it with its email only): fit 0, never SQL, even with a demo request.</summary>
        EmailOnly = 2,
    }

    public static async Task<int> RunAsync(int seed = 7)
    {
        var clock = Stopwatch.StartNew();
        var root = RepositoryRoot.Find();
        var hostDll = Path.Combine(root, "src", "LeadFunctions.LocalHost", "bin", "Release", "net10.0", "LeadFunctions.LocalHost.dll");
        if (!File.Exists(hostDll))
        {
            throw new InvalidOperationException(
                $"Build the local host first: dotnet build -c Release src/LeadFunctions.LocalHost ({hostDll} is missing).");
        }

        await using var azurite = new AzuriteFixture();
        await using var maildev = new MaildevFixture();
        await azurite.InitializeAsync();
        await maildev.InitializeAsync();

        var port = FreePorts.Pick(1)[0];
        var host = new LocalHostProcess(hostDll, root, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["RescoreQueueName"] = "lead-rescore",
            ["BacktestQueueName"] = "model-backtests",
            ["SuggestionQueueName"] = "model-suggestions",
            ["DecayAndNotifySchedule"] = TimerSchedule,
            ["Models__ReviewSchedule"] = "0 0 0 1 1 *",
            ["Models__ReviewRecipient"] = "marketing-ops@example.com",
            ["Capture__RateLimitPerMinute"] = "100000",
            ["Webhooks__EventsSecret"] = EventsSecret,
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = maildev.SmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Smtp__EnableSsl"] = "false",
            ["Smtp__FromAddress"] = "crash@example.com",
            ["Smtp__TimeoutSeconds"] = "10",
            ["Handoff__SendLease"] = SendLease.ToString("c", CultureInfo.InvariantCulture),
            ["Notifications__DefaultRecipient"] = DefaultInbox,
            ["Notifications__PublicBaseUrl"] = $"http://127.0.0.1:{port}/api/",
            ["Handoff__LinkSecret"] = LinkSecret,
            ["Notifications__Routes__0__Countries"] = "DE,AT,CH",
            ["Notifications__Routes__0__Recipient"] = DachInbox,
            ["Notifications__Routes__1__MinCompanySize"] = "1000",
            ["Notifications__Routes__1__Recipient"] = EnterpriseInbox,
            ["LocalHost__FunctionKey"] = FunctionKey,
            // Warnings and errors, plus what the evidence of a failure needs: each hand-off sent and each timer run, one
            // line each, with the time (not every rescore: that would slow the host and move the kills' windows).
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__LeadFunctions.Notifications"] = "Information",
            ["Logging__LogLevel__LeadFunctions.Qualification.DecayAndNotifyService"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        });
        try
        {
            return await RunAsync(host, port, azurite, maildev, clock, seed);
        }
        catch
        {
            host.PrintOutput([]);
            throw;
        }
        finally
        {
            await host.CloseAsync(); // also when the kill task is still running: it can no longer start one
        }
    }

    private static async Task<int> RunAsync(
        LocalHostProcess host,
        int port,
        AzuriteFixture azurite,
        MaildevFixture maildev,
        Stopwatch clock,
        int seed)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        var random = new Random(seed); // kill moments (--seed N picks other moments; 7 by default)
        var plan = new Random(11); // which batch brings each SQL candidate's high-intent event
        var scorer = new LeadScorer(ScoringModel.Default, TimeProvider.System);
        host.Start();
        await WaitHealthyAsync(http);

        // ---- Leads: capture 80 with a profile (the form event is their first event) --------------------------------
        var leads = Enumerable.Range(0, LeadCount).Select(k => PlannedLead.Create(k, plan)).ToArray();
        var leadIds = new Dictionary<string, string>(StringComparer.Ordinal); // lead id -> email, for captured leads
        foreach (var lead in leads.Where(l => l.Form is not null))
        {
            using var response = await http.PostAsJsonAsync("api/leads", lead.Form);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException(
                    $"Capturing lead {lead.Index} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            leadIds[(await response.Content.ReadFromJsonAsync<JsonObject>())!["leadId"]!.GetValue<string>()] = lead.Email;
        }

        var now = DateTimeOffset.UtcNow;
        var events = Enumerable.Range(0, LeadCount * BatchCount).Select(i =>
        {
            var lead = leads[i % LeadCount];
            return new CanonicalEvent(
                $"crash-{i}", lead.Email, lead.TypeFor(i / LeadCount), now.AddMinutes(-i),
                new Dictionary<string, string>
                {
                    ["path"] = i % 5 == 0 ? "/pricing" : "/docs",
                    ["emailId"] = $"m{i % 9}",
                    ["contentId"] = $"c{i % 4}",
                    ["feature"] = $"f{i % 6}",
                    ["webinarId"] = $"w{i % 3}",
                });
        }).ToArray();
        var eventsByEmail = events.ToLookup(e => e.Email, StringComparer.Ordinal);

        // The SQL count the plan should reach (the form event taken as of now): only to place the second kill.
        var plannedSql = leads.Count(l =>
            scorer.Score(
                l.Profile,
                [.. ToEngagement(eventsByEmail[l.Email]), .. l.Form is null ? Array.Empty<EngagementEvent>() : [FormEvent(now)]],
                LeadStanding.New,
                now).Stage == LeadStage.SQL);
        Log(clock, $"{leadIds.Count} leads captured; {plannedSql} of {LeadCount} leads should reach SQL");

        // ---- Burst of 2,000 events, with two SIGKILLs ---------------------------------------------------------------
        var batches = events.Chunk(LeadCount).Select(batch => JsonSerializer.Serialize(batch, JsonSerializerOptions.Web)).ToArray();
        var posted = 0;
        var kill1Batch = random.Next(2, 12);
        var kill1Delay = random.Next(50, 400);
        var kill2Target = random.Next(Math.Max(1, plannedSql / 4), Math.Max(2, (plannedSql * 3 / 4) + 1));
        var kill2Delay = random.Next(0, 25);
        var kills = new List<string>();
        var killedWhileDispatching = false;

        // Leads whose email the relay had accepted while their hand-off was still only claimed (Sending) when a kill
        // landed: the documented window (SMTP cannot be asked whether it has a message), where a repeat is expected.
        var caughtInSendWindow = new HashSet<string>(StringComparer.Ordinal);
        async Task<string> NoteSendWindowAsync()
        {
            var delivered = (await maildev.GetEmailsAsync())
                .Select(e => e.Headers.GetValueOrDefault("x-leadfunctions-handoff")?.Split('/')[0])
                .OfType<string>()
                .ToHashSet(StringComparer.Ordinal);
            var caught = (await ReadPartitionsAsync(azurite)).Values
                .SelectMany(p => p.Handoffs)
                .Where(h => h.Status == "Sending" && delivered.Contains(h.LeadId))
                .Select(h => h.LeadId)
                .ToArray();
            caughtInSendWindow.UnionWith(caught);
            return caught.Length == 0 ? "" : $"; in the send window (emailed, not yet recorded): {string.Join(", ", caught)}";
        }

        var chaos = Task.Run(async () =>
        {
            // Kill 1: in the middle of processing the burst.
            while (Volatile.Read(ref posted) < kill1Batch)
            {
                await Task.Delay(5);
            }

            await Task.Delay(kill1Delay);
            var killedAt = await host.KillAsync();
            var sentBefore = await maildev.GetEmailsAsync();
            kills.Add(
                $"at {killedAt:HH:mm:ss.fff} UTC, after batch {kill1Batch} of {BatchCount} (+{kill1Delay} ms): {sentBefore.Count} emails " +
                $"out{Newest(sentBefore)}{await NoteSendWindowAsync()}");
            Log(clock, $"SIGKILL 1: {kills[^1]}; restarting");
            host.Start();
            await WaitHealthyAsync(http);

            // Kill 2: while the timer is handing SQLs to sales: once the restarted host has sent at least one email and
            // maildev holds the (seeded) target count.
            var before = (await maildev.GetEmailsAsync()).Count;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            int count;
            while (((count = (await maildev.GetEmailsAsync()).Count) < kill2Target || count <= before) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5);
            }

            await Task.Delay(kill2Delay);
            killedAt = await host.KillAsync();
            var atKill = await maildev.GetEmailsAsync();
            var handoffs = (await ReadPartitionsAsync(azurite)).SelectMany(p => p.Value.Handoffs).ToArray();
            var claimed = handoffs.Where(h => h.Status == "Sending").ToArray();
            var pending = handoffs.Count(h => h.Status == "Pending");
            killedWhileDispatching = count > before && count >= kill2Target;
            var window = await NoteSendWindowAsync();
            kills.Add(killedWhileDispatching
                ? $"at {killedAt:HH:mm:ss.fff} UTC, while dispatching, {kill2Delay} ms after email {count} " +
                    $"(target {kill2Target}): {atKill.Count} emails out, {claimed.Length} hand-off(s) left claimed (Sending) " +
                    $"[{string.Join(", ", claimed.Select(h => $"{h.LeadId} attempts {h.Attempts}"))}], {pending} " +
                    $"pending{Newest(atKill)}{window}"
                : $"NOT while dispatching: no email from the restarted host within 60 s ({atKill.Count} emails out)");
            Log(clock, $"SIGKILL 2: {kills[^1]}; restarting");
            host.Start();
            await WaitHealthyAsync(http);
        });

        var postDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        for (var b = 0; b < batches.Length; b++)
        {
            // Providers retry until they get a 2xx: so does this sender.
            while (!await PostAsync(http, batches[b]))
            {
                if (DateTime.UtcNow > postDeadline || chaos.IsFaulted)
                {
                    await (chaos.IsFaulted ? chaos : Task.CompletedTask);
                    throw new TimeoutException($"Batch {b} was not accepted within 90 s.");
                }

                await Task.Delay(200);
            }

            Volatile.Write(ref posted, b + 1);
        }

        Log(clock, "burst posted");
        await chaos;

        // ---- Drain, then one more timer run, then wait for every hand-off to be recorded -----------------------------
        var queues = azurite.CreateQueueServiceClient();
        var queue = queues.GetQueueClient("lead-rescore");
        var drainDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var lastReport = DateTime.UtcNow;
        int waiting;
        while ((waiting = (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount) > 0 && DateTime.UtcNow < drainDeadline)
        {
            if (DateTime.UtcNow - lastReport > TimeSpan.FromSeconds(5))
            {
                Log(clock, $"{waiting} rescore messages waiting");
                lastReport = DateTime.UtcNow;
            }

            await Task.Delay(250);
        }

        await Task.Delay(TimeSpan.FromSeconds(3)); // messages in flight when the count reached zero
        var poison = (await queues.GetQueueClient("lead-rescore-poison").PeekIfExistsAsync()).Length;
        Log(clock, "queue drained");

        var stored = await LoadAllAsync(http);
        var partitions = await ReadPartitionsAsync(azurite);
        var checks = new List<LeadCheck>();
        foreach (var lead in leads)
        {
            checks.Add(Check(lead, stored.GetValueOrDefault(lead.Email), partitions, eventsByEmail[lead.Email], scorer));
        }

        var sqlLeadIds = checks.Where(c => c.ExpectedSql && c.LeadId is not null).Select(c => c.LeadId!).ToHashSet(StringComparer.Ordinal);
        await RunTimerAsync(http);
        var handoffDeadline = DateTime.UtcNow + SendLease + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < handoffDeadline)
        {
            partitions = await ReadPartitionsAsync(azurite);
            var open = partitions.Values.SelectMany(p => p.Handoffs).Count(h => h.Status is not "Sent" and not "Failed");
            var sent = sqlLeadIds.Count(id => partitions.TryGetValue(id, out var p) && p.Handoffs.Any(h => h.Status == "Sent"));
            if (open == 0 && sent == sqlLeadIds.Count)
            {
                break;
            }

            await Task.Delay(500);
        }

        await Task.Delay(TimeSpan.FromSeconds(1)); // an email accepted just before the last read
        Log(clock, "hand-offs recorded");
        partitions = await ReadPartitionsAsync(azurite);
        var notified = await LoadAllAsync(http);
        var emails = await maildev.GetEmailsAsync();

        // ---- The funnel: each lead's first entry into each stage counted once, crashes and redeliveries included -----
        var expectedFunnel = ExpectedFunnelEntries(notified.Values);
        var reportedFunnel = await ReadFunnelAsync(http);
        var funnelExact = expectedFunnel.All(entry => reportedFunnel.GetValueOrDefault(entry.Key) == entry.Value)
            && reportedFunnel.All(entry => entry.Value == expectedFunnel.GetValueOrDefault(entry.Key));

        // ---- The emails ----------------------------------------------------------------------------------------------
        var byLead = emails
            .GroupBy(e => e.Headers.GetValueOrDefault("x-leadfunctions-handoff")?.Split('/')[0] ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var duplicateMessageIds = emails.GroupBy(e => e.MessageId ?? string.Empty, StringComparer.Ordinal).Sum(g => g.Count() - 1);
        var knownIds = checks.Where(c => c.LeadId is not null).Select(c => c.LeadId!).ToHashSet(StringComparer.Ordinal);
        var stray = byLead.Where(g => !knownIds.Contains(g.Key)).Sum(g => g.Value.Length);
        int exactlyOne = 0, none = 0, several = 0, repeatedInWindow = 0, misaddressed = 0, toNonSql = 0, handoffsSent = 0, notRecorded = 0;
        var problems = new List<string>();
        foreach (var check in checks)
        {
            var mine = check.LeadId is not null && byLead.TryGetValue(check.LeadId, out var list) ? list : [];
            var handoffs = check.LeadId is not null && partitions.TryGetValue(check.LeadId, out var partition) ? partition.Handoffs : [];
            var notifiedAt = check.LeadId is not null ? notified.GetValueOrDefault(check.Lead.Email)?["salesNotifiedAt"] : null;
            if (!check.ExpectedSql)
            {
                toNonSql += mine.Length;
                if (mine.Length > 0 || handoffs.Count > 0)
                {
                    problems.Add(
                        $"lead {check.Lead.Index} ({check.Lead.Kind}, {check.LeadId}) is not SQL but has {handoffs.Count} hand-off(s) " +
                        $"and got {mine.Length} email(s)");
                }

                continue;
            }

            // Recorded as notified: its one hand-off is Sent, and the lead says when sales was told (salesNotifiedAt).
            var handoff = handoffs.Count == 1 ? handoffs[0] : null;
            handoffsSent += handoff is { Status: "Sent" } ? 1 : 0;
            if (handoff is not { Status: "Sent" } || notifiedAt is null)
            {
                notRecorded++;
                problems.Add(
                    $"lead {check.Lead.Index} ({check.LeadId}): {handoffs.Count} hand-off(s) " +
                    $"[{string.Join(", ", handoffs.Select(Describe))}], " +
                    $"salesNotifiedAt {notifiedAt?.ToString() ?? "none"}, {mine.Length} email(s)");
            }

            var repeatExplained = mine.Length == 2
                && caughtInSendWindow.Contains(check.LeadId!)
                && mine.All(e => e.MessageId == mine[0].MessageId);
            switch (mine.Length)
            {
                case 0:
                    none++;
                    break;
                case 1:
                    exactlyOne++;
                    break;
                case 2 when repeatExplained:
                    // A kill landed after the relay accepted the first copy and before the host recorded it: the lease
                    // ran out and the next host sent it again, with the same Message-ID. Expected, and reported.
                    repeatedInWindow++;
                    break;
                default:
                    several++;
                    break;
            }

            if (mine.Length != 1 && !repeatExplained)
            {
                problems.Add(
                    $"lead {check.Lead.Index} ({check.LeadId}) got {mine.Length} emails: " +
                    $"Message-IDs {string.Join(", ", mine.Select(e => e.MessageId))}; " +
                    $"hand-off(s) {string.Join(", ", handoffs.Select(Describe))}");
            }

            foreach (var email in mine)
            {
                var expectedMessageId = handoff is null ? null : $"<{handoff.HandoffId}.{check.LeadId}@leadfunctions>";
                // The hand-off page's link: the token signed for this lead and hand-off (no personal data in it).
                var link = handoff is null
                    ? "(no hand-off)"
                    : $"http://127.0.0.1:{port}/api/handoffs/{Links.CreateToken(check.LeadId!, handoff.HandoffId)}";
                if (email.To.Count != 1 || !string.Equals(email.To[0], check.Lead.Inbox, StringComparison.OrdinalIgnoreCase)
                    || email.MessageId != expectedMessageId || !email.Text.Contains(link, StringComparison.Ordinal)
                    || !email.Subject.StartsWith($"New SQL: {check.Lead.Company} (grade ", StringComparison.Ordinal))
                {
                    misaddressed++;
                    problems.Add(
                        $"lead {check.Lead.Index} ({check.LeadId}): email to {string.Join(",", email.To)} (expected {check.Lead.Inbox}), " +
                        $"Message-ID {email.MessageId} (expected {expectedMessageId}), subject '{email.Subject}'");
                }
            }
        }

        // ---- The scores ----------------------------------------------------------------------------------------------
        var exact = checks.Count(c => c.Problem is null && c.LeadId is not null);
        var missing = checks.Count(c => c.LeadId is null);
        var wrong = checks.Count(c => c.Problem is not null && c.LeadId is not null);
        problems.InsertRange(
            0,
            checks.Where(c => c.Problem is not null)
                .Select(c => $"lead {c.Lead.Index} ({c.Lead.Kind}, {c.LeadId ?? "missing"}): {c.Problem}"));
        var sqlCount = checks.Count(c => c.ExpectedSql);
        var designOk = sqlCount >= LeadCount * 4 / 10 && LeadCount - sqlCount >= LeadCount / 5;
        if (!designOk)
        {
            problems.Add($"the plan should put 40-80 % of the leads in SQL; the pure engine puts {sqlCount} of {LeadCount}");
        }

        foreach (var problem in problems.Take(20))
        {
            Console.WriteLine("  " + problem);
        }

        if (problems.Count > 20)
        {
            Console.WriteLine($"  … and {problems.Count - 20} more");
        }

        if (problems.Count > 0)
        {
            host.PrintOutput([.. knownIds.Where(id => problems.Any(p => p.Contains(id, StringComparison.Ordinal)))]);
        }

        Console.WriteLine(
            $"crash test: {LeadCount} leads, {sqlCount} SQL by the pure engine; {kills.Count} " +
            $"SIGKILLs: {string.Join("; ", kills.Select((k, i) => $"#{i + 1} {k}"))}");
        Console.WriteLine(
            $"crash test: scores {exact}/{LeadCount} exact, {wrong} differ, {missing} missing; hand-offs sent {handoffsSent}/{sqlCount}, " +
            $"recorded as notified {sqlCount - notRecorded}/{sqlCount}; " +
            $"emails {emails.Count}: {exactlyOne} SQL leads with exactly one, {none} with none, {repeatedInWindow} with a repeat after a " +
            $"kill in the send window (same Message-ID), {several} with more (unexplained), {duplicateMessageIds} repeated Message-IDs, " +
            $"{toNonSql} to non-SQL leads, {stray} unknown, {misaddressed} wrong; poison " +
            $"queue: {poison}; {clock.Elapsed.TotalSeconds:F0} s");
        Console.WriteLine(
            "crash test: funnel report, leads that entered each stage (reported/from the leads' histories): "
            + string.Join(", ", expectedFunnel.Keys.Union(reportedFunnel.Keys).Order(StringComparer.Ordinal).Select(stage =>
                $"{stage} {reportedFunnel.GetValueOrDefault(stage)}/{expectedFunnel.GetValueOrDefault(stage)}"))
            + (funnelExact ? "; exact" : "; DIFFERENT"));
        var passed = funnelExact && wrong == 0 && missing == 0 && poison == 0 && kills.Count == 2 && killedWhileDispatching && designOk
            && exactlyOne + repeatedInWindow == sqlCount && none == 0 && several == 0 && duplicateMessageIds == repeatedInWindow
            && toNonSql == 0 && stray == 0 && misaddressed == 0
            && handoffsSent == sqlCount && notRecorded == 0 && emails.Count == sqlCount + repeatedInWindow;
        Console.WriteLine(passed ? "crash test: PASSED" : "crash test: FAILED");
        return passed ? 0 : 1;
    }

    /// <summary>Compares one stored lead with the pure engine's score of its profile and the events sent for it.</summary>
    private static LeadCheck Check(
        PlannedLead lead,
        JsonNode? stored,
        Dictionary<string, Partition> partitions,
        IEnumerable<CanonicalEvent> sent,
        LeadScorer scorer)
    {
        if (stored is null)
        {
            return new LeadCheck(lead, null, false, "missing");
        }

        var leadId = stored["leadId"]!.GetValue<string>();
        var forms = partitions.TryGetValue(leadId, out var partition) ? partition.FormEvents : [];
        var mine = ToEngagement(sent).Concat(forms).ToArray();
        var scoredAt = stored["scoredAt"]!.GetValue<DateTimeOffset>();
        var expected = scorer.Score(lead.Profile, mine, LeadStanding.New, scoredAt);
        var expectedSql = expected.Stage == LeadStage.SQL;
        var profile = JsonSerializer.Deserialize<LeadProfile>(stored["profile"]!, JsonSerializerOptions.Web);
        string? problem = null;
        if (forms.Count != (lead.Form is null ? 0 : 1))
        {
            problem = $"{forms.Count} form events stored";
        }
        else if (profile != lead.Profile)
        {
            problem = $"stored profile {stored["profile"]!.ToJsonString()} differs from the one sent";
        }
        else if (stored["eventCount"]!.GetValue<int>() != mine.Length
            || stored["engagementScore"]!.GetValue<decimal>() != expected.EngagementScore
            || stored["fitScore"]!.GetValue<decimal>() != expected.FitScore
            || stored["stage"]!.GetValue<string>() != expected.Stage.ToString())
        {
            problem =
                $"stored {stored["eventCount"]} events, fit {stored["fitScore"]}, " +
                $"engagement {stored["engagementScore"]}, {stored["stage"]}; " +
                $"pure engine {mine.Length} events, fit {expected.FitScore}, engagement {expected.EngagementScore}, {expected.Stage}";
        }

        return new LeadCheck(lead, leadId, expectedSql, problem);
    }

    private static IEnumerable<EngagementEvent> ToEngagement(IEnumerable<CanonicalEvent> events) => events.Select(e => new EngagementEvent
    {
        EventId = e.EventId,
        Type = e.Type,
        OccurredAt = e.OccurredAt,
        Properties = new Dictionary<string, string>(e.Properties, StringComparer.OrdinalIgnoreCase),
    });

    private static EngagementEvent FormEvent(DateTimeOffset at) => new()
    {
        EventId = "form",
        Type = "Form Submitted",
        OccurredAt = at,
        Properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
    };

    /// <summary>The rows of the Leads table that the checks need, per lead: its form events and its hand-offs.</summary>
    private static async Task<Dictionary<string, Partition>> ReadPartitionsAsync(AzuriteFixture azurite)
    {
        var table = azurite.CreateTableServiceClient().GetTableClient("Leads");
        var partitions = new Dictionary<string, Partition>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            if (!partitions.TryGetValue(row.PartitionKey, out var partition))
            {
                partitions[row.PartitionKey] = partition = new Partition([], []);
            }

            if (row.RowKey.StartsWith("handoff|", StringComparison.Ordinal))
            {
                partition.Handoffs.Add(
                    new HandoffRow(
                        row.PartitionKey,
                        row.GetString("HandoffId") ?? row.RowKey,
                        row.GetString("Status") ?? "?",
                        row.GetInt32("Attempts") ?? 0,
                        row.GetDateTimeOffset("SentAt")));
            }
            else if (row.RowKey.StartsWith("evt|", StringComparison.Ordinal) && row.GetString("Type") == "Form Submitted")
            {
                partition.FormEvents.Add(new EngagementEvent
                {
                    EventId = row.GetString("EventId") ?? row.RowKey,
                    Type = "Form Submitted",
                    OccurredAt = row.GetDateTimeOffset("OccurredAt") ?? DateTimeOffset.MinValue,
                    Properties = row.GetString("Properties") is { Length: > 0 } properties
                        ? new Dictionary<string, string>(
                            JsonSerializer.Deserialize<Dictionary<string, string>>(properties) ?? [],
                            StringComparer.OrdinalIgnoreCase)
                        : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
                });
            }
        }

        return partitions;
    }

    private static string Describe(HandoffRow handoff) =>
        $"{handoff.HandoffId} {handoff.Status}, " +
        $"attempts {handoff.Attempts}{(handoff.SentAt is { } sentAt ? $", sent at {sentAt.UtcDateTime:HH:mm:ss.fff} UTC" : string.Empty)}";

    private static string Newest(IReadOnlyList<ReceivedEmail> emails) =>
        emails.Count == 0 ? string.Empty : $", the newest for {emails[^1].Headers.GetValueOrDefault("x-leadfunctions-handoff")}";

    private static void Log(Stopwatch clock, string message) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,6:F1} s] {message}"));

    private static async Task RunTimerAsync(HttpClient http)
    {
        using var run = new HttpRequestMessage(HttpMethod.Post, "admin/functions/DecayAndNotify")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        run.Headers.Add("x-functions-key", FunctionKey);
        using var response = await http.SendAsync(run);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST admin/functions/DecayAndNotify answered {(int)response.StatusCode}.");
        }
    }

    private static async Task WaitHealthyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync("api/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The local host did not become healthy.");
    }

    private static async Task<bool> PostAsync(HttpClient http, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/events")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(
            CanonicalSignatureVerifier.HeaderName,
            CanonicalSignatureVerifier.CreateHeader(EventsSecret, DateTimeOffset.UtcNow, Encoding.UTF8.GetBytes(json)));
        try
        {
            using var response = await http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.Accepted;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Per stage, the leads whose history enters it (a scored lead entered Lead), each lead once per stage.</summary>
    private static Dictionary<string, long> ExpectedFunnelEntries(IEnumerable<JsonNode> leads)
    {
        var entries = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var lead in leads)
        {
            var stages = (lead["stageHistory"]?.AsArray() ?? [])
                .Select(change => change!["to"]!.GetValue<string>())
                .Append(nameof(LeadStage.Lead))
                .Distinct(StringComparer.Ordinal);
            foreach (var stage in stages)
            {
                entries[stage] = entries.GetValueOrDefault(stage) + 1;
            }
        }

        return entries;
    }

    /// <summary>The funnel report's entries per stage (stages with none left out), over the days of the test.</summary>
    private static async Task<Dictionary<string, long>> ReadFunnelAsync(HttpClient http)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var from = today.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/reports/funnel?from={from}&to={to}&by=source");
        request.Headers.Add("x-functions-key", FunctionKey);
        using var response = await http.SendAsync(request);
        var report = await response.Content.ReadFromJsonAsync<JsonObject>()
            ?? throw new InvalidOperationException($"GET api/reports/funnel answered {(int)response.StatusCode} without a report.");
        return report["stages"]!.AsArray()
            .Select(row => (Stage: row!["stage"]!.GetValue<string>(), Entered: row["entered"]!.GetValue<long>()))
            .Where(row => row.Entered > 0)
            .ToDictionary(row => row.Stage, row => row.Entered, StringComparer.Ordinal);
    }

    private static async Task<Dictionary<string, JsonNode>> LoadAllAsync(HttpClient http)
    {
        var leads = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var stage in new[] { "Lead", "MQL", "SQL" })
        {
            string? token = null;
            do
            {
                using var list = new HttpRequestMessage(
                    HttpMethod.Get,
                    $"api/leads?stage={stage}&pageSize=200" +
                        (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token)));
                list.Headers.Add("x-functions-key", FunctionKey);
                using var response = await http.SendAsync(list);
                var page = await response.Content.ReadFromJsonAsync<JsonObject>();
                foreach (var item in page!["items"]!.AsArray())
                {
                    using var read = new HttpRequestMessage(HttpMethod.Get, $"api/leads/{item!["leadId"]!.GetValue<string>()}");
                    read.Headers.Add("x-functions-key", FunctionKey);
                    using var leadResponse = await http.SendAsync(read);
                    if (await leadResponse.Content.ReadFromJsonAsync<JsonNode>() is { } lead)
                    {
                        leads[lead["profile"]!["email"]!.GetValue<string>()] = lead;
                    }
                }

                token = page["continuationToken"]?.GetValue<string>();
            }
            while (token is not null);
        }

        return leads;
    }

    private sealed record CanonicalEvent(
        string EventId,
        string Email,
        string Type,
        DateTimeOffset OccurredAt,
        Dictionary<string, string> Properties);

    private sealed record HandoffRow(string LeadId, string HandoffId, string Status, int Attempts, DateTimeOffset? SentAt);

    private sealed record Partition(List<EngagementEvent> FormEvents, List<HandoffRow> Handoffs);

    private sealed record LeadCheck(PlannedLead Lead, string? LeadId, bool ExpectedSql, string? Problem);

    /// <summary>
    /// One lead of the plan: its email, what the test captures for it, the profile that capture must store, and its events.
    /// </summary>
    private sealed record PlannedLead(
        int Index,
        string Email,
        LeadKind Kind,
        Dictionary<string, string>? Form,
        LeadProfile Profile,
        string? Company,
        int HighIntentBatch)
    {
        private const string Need = "We need to qualify our inbound leads automatically";

        /// <summary>The inbox the routes in the host's settings send this lead's hand-off to.</summary>
        public string Inbox =>
            Profile.Country is "DE" or "AT" or "CH" ? DachInbox : Profile.CompanySize >= 1000 ? EnterpriseInbox : DefaultInbox;

        public static PlannedLead Create(int index, Random plan)
        {
            var email = $"crash{index}.{Guid.NewGuid():N}@example.org";
            var kind = (index % 5) switch { < 3 => LeadKind.SqlCandidate, 3 => LeadKind.NoIntent, _ => LeadKind.EmailOnly };
            var highIntentBatch = plan.Next(0, BatchCount);
            if (kind == LeadKind.EmailOnly)
            {
                return new PlannedLead(index, email, kind, null, new LeadProfile { Email = email }, null, highIntentBatch);
            }

            // Form text as people type it, and what capture must make of it.
            var (title, size, employees, industry, country, budget, amount, timeline, months) = kind == LeadKind.NoIntent
                ? ("Director of IT", "400", 400, "Software", "GB", null, (decimal?)null, "12 months", 12)
                : (index % 3) switch
                {
                    0 => ("VP Marketing", "5000", 5000, "Software", "US", "50k", 50_000m, "3 months", 3),
                    1 => ("Marketing Manager", "51-200", 51, "Manufacturing", "de", "10k", 10_000m, "6 months", 6),
                    _ => ("Head of Sales", "250", 250, "Retail", "ES", "$20,000", (decimal?)20_000m, "now", 0),
                };
            var company = $"Crash Co {index:D3}";
            var form = new Dictionary<string, string>
            {
                ["email"] = email, ["firstName"] = "Crash", ["lastName"] = $"Tester {index}", ["company"] = company, ["jobTitle"] = title,
                ["companySize"] = size, ["industry"] = industry, ["country"] = country, ["timeline"] = timeline, ["need"] = Need,
                ["consent"] = "yes", ["formId"] = "crash-form",
            };
            if (budget is not null)
            {
                form["budget"] = budget;
            }

            var profile = new LeadProfile
            {
                Email = email, FirstName = "Crash", LastName = $"Tester {index}", Company = company, JobTitle = title,
                CompanySize = employees, Industry = industry, Country = country.ToUpperInvariant(), Budget = amount,
                TimelineMonths = months, Need = Need,
            };
            return new PlannedLead(index, email, kind, form, profile, company, highIntentBatch);
        }

        /// <summary>
        /// A SQL candidate sees only low-intent events until its high-intent batch, then a demo request or sales contact
        /// (so its move into SQL, and its hand-off, fall anywhere in the burst), then anything.
        /// </summary>
        public string TypeFor(int batch) => Kind switch
        {
            LeadKind.SqlCandidate when batch < HighIntentBatch => LowIntentTypes[(batch + Index) % LowIntentTypes.Length],
            LeadKind.SqlCandidate when batch == HighIntentBatch => Index % 2 == 0 ? "Demo Requested" : "Contact Sales",
            LeadKind.NoIntent => NoIntentTypes[(batch + Index) % NoIntentTypes.Length],
            _ => AllTypes[(batch + Index) % AllTypes.Length],
        };
    }

    /// <summary>The local host as a separate process (so that it can be killed with SIGKILL), with the tail of its output.</summary>
    private sealed class LocalHostProcess(string dll, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        private const int OutputLinesKept = 100_000;
        private readonly ConcurrentQueue<string> _output = new();
        private readonly Lock _lock = new();
        private Process? _process;
        private int _generation;
        private bool _closed;

        /// <summary>
        /// The host's warnings and errors, and every line that names one of <paramref name="leadIds"/> (at most 200 lines).
        /// </summary>
        public void PrintOutput(IReadOnlyCollection<string> leadIds)
        {
            var lines = _output
                .Where(line => line.Contains(" warn: ", StringComparison.Ordinal) || line.Contains(" fail: ", StringComparison.Ordinal)
                    || line.Contains(" crit: ", StringComparison.Ordinal) || line.StartsWith("[test]", StringComparison.Ordinal)
                    || leadIds.Any(id => line.Contains(id, StringComparison.Ordinal)))
                .ToArray();
            Console.WriteLine($"the local host's warnings, errors and lines about those leads ({lines.Length}, at most the last 200):");
            foreach (var line in lines.TakeLast(200))
            {
                Console.WriteLine("  " + line);
            }
        }

        public void Start()
        {
            var start = new ProcessStartInfo("dotnet", [dll])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory,
            };
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            lock (_lock)
            {
                ObjectDisposedException.ThrowIf(_closed, this);
                var generation = ++_generation;
                var process = Process.Start(start)!;
                process.OutputDataReceived += (_, e) => Keep(generation, e.Data);
                process.ErrorDataReceived += (_, e) => Keep(generation, e.Data);
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                _process = process;
            }
        }

        /// <summary>Kills the running host, if any, and refuses to start another.</summary>
        public async Task CloseAsync()
        {
            lock (_lock)
            {
                _closed = true;
            }

            await KillAsync();
        }

        /// <summary>SIGKILL (the whole tree) and wait for the exit; nothing when it is not running. Returns when it was killed.</summary>
        public async Task<DateTimeOffset> KillAsync()
        {
            Process? process;
            lock (_lock)
            {
                process = _process;
                _process = null;
            }

            var killedAt = DateTimeOffset.UtcNow;
            if (process is null)
            {
                return killedAt;
            }

            _output.Enqueue(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"[test] SIGKILL to host {_generation} at {killedAt.LocalDateTime:HH:mm:ss.fff} (local time, as the host's lines)"));
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
            process.Dispose();
            return killedAt;
        }

        private void Keep(int generation, string? line)
        {
            if (line is null)
            {
                return;
            }

            _output.Enqueue($"[host {generation}] {line}");
            while (_output.Count > OutputLinesKept && _output.TryDequeue(out _))
            {
            }
        }
    }
}
