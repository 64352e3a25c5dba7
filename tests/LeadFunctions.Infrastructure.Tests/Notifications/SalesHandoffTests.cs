using LeadFunctions.Email;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Infrastructure.Tests.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Azurite;
using LeadFunctions.Testing.Maildev;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Infrastructure.Tests.Notifications;

[CollectionDefinition(Name)]
public sealed class HandoffCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MaildevFixture>
{
    public const string Name = "sales hand-off on Azurite and maildev";
}

/// <summary>The outbox dispatcher with the real lead store (Azurite) and the real SMTP notifier (maildev).</summary>
[Collection(HandoffCollection.Name)]
public sealed class SalesHandoffTests(AzuriteFixture azurite, MaildevFixture maildev)
{
    [Fact]
    public async Task One_sql_is_one_email_to_the_routed_inbox_however_often_and_concurrently_the_timer_runs()
    {
        var (store, clock, leadId) = await SqlLeadAsync("DE");
        var dispatcher = Dispatcher(store, clock, Notifier(maildev.SmtpPort));

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => dispatcher.DispatchDueAsync()));
        await dispatcher.DispatchDueAsync();

        Assert.Equal(1, runs.Sum(run => run.Sent));
        var mine = await EmailsForAsync(leadId, expected: 1);
        var email = Assert.Single(mine);
        Assert.Equal(["dach@example.com"], email.To);
        Assert.StartsWith("New SQL: Northwind", email.Subject, StringComparison.Ordinal);
        Assert.Contains(leadId, email.MessageId, StringComparison.Ordinal);
        Assert.NotNull((await store.Leads.GetLeadAsync(leadId))!.SalesNotifiedAt);
    }

    [Fact]
    public async Task Smtp_down_keeps_the_hand_off_pending_and_it_goes_out_when_smtp_is_back()
    {
        var (store, clock, leadId) = await SqlLeadAsync("US");
        var down = Dispatcher(store, clock, Notifier(FreeClosedPort()));

        var failed = await down.DispatchDueAsync();
        var pending = await store.Outbox.GetDueHandoffsAsync(clock.GetUtcNow().AddHours(1), 100);

        Assert.Equal(1, failed.Retrying);
        var handoff = Assert.Single(pending, h => h.LeadId == leadId);
        Assert.Equal(HandoffStatus.Pending, handoff.Status);
        Assert.Equal(1, handoff.Attempts);
        Assert.DoesNotContain(await store.Outbox.GetDueHandoffsAsync(clock.GetUtcNow(), 100), h => h.LeadId == leadId);

        clock.Advance(TimeSpan.FromMinutes(2));
        var back = await Dispatcher(store, clock, Notifier(maildev.SmtpPort)).DispatchDueAsync();

        Assert.Equal(1, back.Sent);
        Assert.Single(await EmailsForAsync(leadId, expected: 1));
    }

    [Fact]
    public async Task After_the_last_attempt_the_hand_off_is_failed_and_visible()
    {
        var (store, clock, leadId) = await SqlLeadAsync("US");
        var down = Dispatcher(store, clock, Notifier(FreeClosedPort()), maxAttempts: 2);

        await down.DispatchDueAsync();
        clock.Advance(TimeSpan.FromHours(2));
        var last = await down.DispatchDueAsync();

        Assert.Equal(1, last.Failed);
        Assert.DoesNotContain(await store.Outbox.GetDueHandoffsAsync(clock.GetUtcNow().AddDays(1), 100), h => h.LeadId == leadId);
        Assert.Null((await store.Leads.GetLeadAsync(leadId))!.SalesNotifiedAt);
    }

    [Fact]
    public async Task An_erased_lead_is_never_emailed()
    {
        var (store, clock, leadId) = await SqlLeadAsync("US");

        await store.Erasure.EraseLeadAsync(leadId);
        var result = await Dispatcher(store, clock, Notifier(maildev.SmtpPort)).DispatchDueAsync();

        Assert.Equal(0, result.Sent);
        Assert.Empty(await EmailsForAsync(leadId, expected: 0));
    }

    [Fact]
    public async Task A_crash_after_sending_repeats_the_email_with_the_same_message_id_and_never_loses_it()
    {
        var (store, clock, leadId) = await SqlLeadAsync("US");
        var crashing = new CrashAfterSendNotifier(Notifier(maildev.SmtpPort));

        // The relay accepts the email, then the process "dies" before recording it: the claim's lease expires.
        await Assert.ThrowsAsync<OperationCanceledException>(() => Dispatcher(store, clock, crashing).DispatchDueAsync());
        clock.Advance(TimeSpan.FromMinutes(10));
        var retry = await Dispatcher(store, clock, Notifier(maildev.SmtpPort)).DispatchDueAsync();

        Assert.Equal(1, retry.Sent);
        var emails = await EmailsForAsync(leadId, expected: 2);
        Assert.Equal(2, emails.Count);
        Assert.Single(emails.Select(e => e.MessageId).Distinct());
        Assert.DoesNotContain(await store.Outbox.GetDueHandoffsAsync(clock.GetUtcNow().AddDays(1), 100), h => h.LeadId == leadId);
    }

    private async Task<(TableLeadPorts Store, FakeTimeProvider Clock, string LeadId)> SqlLeadAsync(string country)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        var store = new TableLeadPorts(
            azurite.CreateTableServiceClient(),
            Options.Create(new StorageOptions { TablePrefix = "h" + Guid.NewGuid().ToString("N")[..12] }),
            clock);
        var profile = new LeadProfile
        {
            Email = $"dana.{Guid.NewGuid():N}@northwind.example",
            Company = "Northwind",
            Country = country,
            JobTitle = "CTO",
        };
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(profile, LeadAttribution.None);
        var now = clock.GetUtcNow();
        var handoff = new SalesHandoff
        {
            HandoffId = SalesHandoff.IdFor(now),
            LeadId = lead.LeadId,
            QualifiedAt = now,
            NextAttemptAt = now,
        };
        var score = SqlScore() with { StageHistory = [new StageChange(LeadStage.Lead, LeadStage.SQL, now, "test")] };
        Assert.True(await store.Scores.TrySaveScoreAsync(lead, score, handoff, now));
        return (store, clock, lead.LeadId);
    }

    private static SalesHandoffDispatcher Dispatcher(TableLeadPorts store, TimeProvider clock, ISalesNotifier notifier, int maxAttempts = 8) =>
        new(
            store.Outbox,
            store.Leads,
            notifier,
            Options.Create(new HandoffOptions { MaxAttempts = maxAttempts }),
            clock,
            NullLogger<SalesHandoffDispatcher>.Instance);

    private static SmtpSalesNotifier Notifier(int port)
    {
        var notifications = new NotificationOptions
        {
            DefaultRecipient = "sales@example.com",
            PublicBaseUrl = "http://localhost:7071/api/",
        };
        notifications.Routes.Add(new SalesRoute { Countries = "DE,AT,CH", Recipient = "dach@example.com" });
        var handoffs = new HandoffOptions { LinkSecret = "test-handoff-link-secret-0123456789-abcdef" };
        return new SmtpSalesNotifier(
            Options.Create(
                new SmtpOptions
                {
                    Host = "127.0.0.1",
                    Port = port,
                    EnableSsl = false,
                    FromAddress = "leads@example.com",
                    TimeoutSeconds = 5,
                }),
            Options.Create(handoffs),
            new SalesEmailComposer(notifications, new HandoffLinks(handoffs), new Html.HtmlTemplates(NullLoggerFactory.Instance)),
            NullLogger<SmtpSalesNotifier>.Instance);
    }

    private async Task<IReadOnlyList<ReceivedEmail>> EmailsForAsync(string leadId, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(expected == 0 ? 1 : 10);
        while (true)
        {
            var mine = (await maildev.GetEmailsAsync())
                .Where(
                    e => e.Headers.GetValueOrDefault("x-leadfunctions-handoff", string.Empty).StartsWith(leadId, StringComparison.Ordinal))
                .ToArray();
            if (mine.Length >= expected && (expected > 0 || DateTime.UtcNow > deadline) || DateTime.UtcNow > deadline)
            {
                return mine;
            }

            await Task.Delay(100);
        }
    }

    private static int FreeClosedPort() => LeadFunctions.Testing.FreePorts.Pick(1)[0];

    private static StoredScore SqlScore() => new()
    {
        FitScore = 65,
        EngagementScore = 40,
        Grade = "A",
        Stage = LeadStage.SQL,
        IsPql = false,
        Bant = new BantStatus(true, true, false, true),
        StageHistory = [],
        Breakdown = [new RuleContribution(ScoreKind.Engagement, "demo-requested", "Requested a demo", 1, 30, null)],
        RecentEvents = [],
        ModelVersion = "test",
        ScoredAt = DateTimeOffset.UnixEpoch,
        EventCount = 1,
    };

    private sealed class CrashAfterSendNotifier(ISalesNotifier inner) : ISalesNotifier
    {
        public string RecipientFor(Lead lead) => inner.RecipientFor(lead);

        public Task RemindAsync(Lead lead, SalesHandoff handoff, CancellationToken cancellationToken = default) =>
            inner.RemindAsync(lead, handoff, cancellationToken);

        public async Task NotifyAsync(Lead lead, SalesHandoff handoff, CancellationToken cancellationToken = default)
        {
            await inner.NotifyAsync(lead, handoff, cancellationToken);
            throw new OperationCanceledException("The process died after the relay accepted the message.");
        }
    }
}
