using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Testing;
using LeadFunctions.Testing.Leads;
using LeadFunctions.Testing.Maildev;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LeadFunctions.Email.Tests.Smtp;

/// <summary>
/// The outbox dispatcher with this notifier and a real maildev, over the in-memory lead store (a write with a stale
/// ETag loses, as on Table Storage; the table store itself is tested on Azurite). Each test races the dispatcher in
/// one specific way, so the store is reached through a Moq mock that passes every call on to it (see <see cref="Over"/>).
/// </summary>
[Collection(MaildevCollection.Name)]
public sealed class HandoffDispatchTests(MaildevFixture maildev)
{
    private readonly MaildevInbox _inbox = new(maildev);
    private readonly FakeTimeProvider _clock = new(TestLeads.QualifiedAt.AddMinutes(1));

    [Fact]
    public async Task Two_concurrent_runs_send_one_email_because_only_one_claim_wins()
    {
        var lead = TestLeads.Sql();
        var store = Seeded(lead);
        var mock = Over(store);
        var bothRead = new Rendezvous(2);
        mock
            .Setup(s => s.GetDueHandoffsAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns(async (DateTimeOffset now, int maxCount, CancellationToken cancellationToken) =>
            {
                // Both runs read the due hand-off before either claims it: the race the ETag has to decide.
                var due = await store.Outbox.GetDueHandoffsAsync(now, maxCount, cancellationToken);
                await bothRead.ArriveAsync(cancellationToken);
                return due;
            });
        var dispatcher = Dispatcher(mock);

        var runs = await Task.WhenAll(dispatcher.DispatchDueAsync(), dispatcher.DispatchDueAsync());

        Assert.Equal(1, runs.Sum(run => run.Sent));
        Assert.Equal(0, runs.Sum(run => run.Retrying + run.Failed));
        Assert.Single(await _inbox.WaitForAsync(lead.LeadId, 1));
        Assert.Equal(HandoffStatus.Sent, (await CurrentAsync(store, lead)).Status);
        mock.Verify(
            s => s.TryRecordHandoffSentAsync(
                It.Is<SalesHandoff>(h => h.LeadId == lead.LeadId && h.Status == HandoffStatus.Sent && h.SentAt != null),
                It.IsAny<CancellationToken>()),
            Times.Once);
        Assert.Single(await _inbox.EmailsOfAsync(lead.LeadId));
    }

    [Fact]
    public async Task An_erased_lead_gets_no_email()
    {
        var erased = TestLeads.Sql("Erased Inc");
        var kept = TestLeads.Sql("Kept Ltd");
        var store = Seeded(erased, kept);
        var mock = Over(store);

        // The erased lead vanishes between the claim of its hand-off and the read of the lead; its turn comes first.
        mock.As<ILeadRepository>().Setup(s => s.GetLeadAsync(erased.LeadId, It.IsAny<CancellationToken>())).ReturnsAsync((Lead?)null);
        mock
            .Setup(s => s.GetDueHandoffsAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns(async (DateTimeOffset now, int maxCount, CancellationToken cancellationToken) =>
                [.. (await store.Outbox.GetDueHandoffsAsync(now, maxCount, cancellationToken)).OrderBy(h => h.LeadId == erased.LeadId ? 0 : 1)]);

        var run = await Dispatcher(mock).DispatchDueAsync();

        Assert.Equal(1, run.Sent);
        Assert.Single(await _inbox.WaitForAsync(kept.LeadId, 1)); // sent after the erased lead's turn: its email would be here by now
        Assert.Empty(await _inbox.EmailsOfAsync(erased.LeadId));
        Assert.NotEqual(HandoffStatus.Sent, (await CurrentAsync(store, erased)).Status);
        mock.Verify(
            s => s.TryRecordHandoffSentAsync(It.Is<SalesHandoff>(h => h.LeadId == erased.LeadId), It.IsAny<CancellationToken>()),
            Times.Never);
    }

    private SalesHandoffDispatcher Dispatcher(Mock<IHandoffOutbox> store) => new(
        store.Object,
        store.As<ILeadRepository>().Object,
        SmtpSalesNotifierTests.Notifier(maildev.SmtpPort),
        Options.Create(new HandoffOptions()),
        _clock,
        NullLogger<SalesHandoffDispatcher>.Instance);

    /// <summary>The leads, each with a pending hand-off of its move into SQL, in the in-memory store.</summary>
    private InMemoryLeadTables Seeded(params Lead[] leads)
    {
        var store = new InMemoryLeadTables(_clock);
        foreach (var lead in leads)
        {
            store.Seed(lead);
            store.Seed(TestLeads.Handoff(lead));
        }

        return store;
    }

    private static async Task<SalesHandoff> CurrentAsync(InMemoryLeadTables store, Lead lead) =>
        (await store.Outbox.GetHandoffAsync(lead.LeadId, SalesHandoff.IdFor(TestLeads.QualifiedAt)))!;

    /// <summary>
    /// A mock of the outbox (and the lead repository) that passes each call the dispatcher makes on to <paramref name="store"/>, so that a test can
    /// change one call (a later setup wins) and count calls, while the store's ETags decide every write.
    /// </summary>
    private static Mock<IHandoffOutbox> Over(InMemoryLeadTables store)
    {
        var mock = new Mock<IHandoffOutbox>(MockBehavior.Strict);
        mock.Setup(s => s.GetDueHandoffsAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns((DateTimeOffset now, int maxCount, CancellationToken cancellationToken) =>
                store.Outbox.GetDueHandoffsAsync(now, maxCount, cancellationToken));
        mock.As<ILeadRepository>().Setup(s => s.GetLeadAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string leadId, CancellationToken cancellationToken) => store.Leads.GetLeadAsync(leadId, cancellationToken));
        mock.Setup(s => s.TryUpdateHandoffAsync(It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()))
            .Returns((SalesHandoff handoff, CancellationToken cancellationToken) =>
                store.Outbox.TryUpdateHandoffAsync(handoff, cancellationToken));
        mock.Setup(s => s.TryRecordHandoffSentAsync(It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()))
            .Returns((SalesHandoff sent, CancellationToken cancellationToken) => store.Outbox.TryRecordHandoffSentAsync(sent, cancellationToken));
        return mock;
    }
}
