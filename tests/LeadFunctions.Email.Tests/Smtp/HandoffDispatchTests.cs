using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Testing.Maildev;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LeadFunctions.Tests.Email.Smtp;

/// <summary>
/// The outbox dispatcher with this notifier and a real maildev. The lead store is a mock of the port that keeps each
/// hand-off's ETag as the table store does (a write with a stale ETag loses); the store itself is tested on Azurite.
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
        var store = new HandoffStore([lead]);
        var bothRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reads = 0;
        store.Mock
            .Setup(s => s.GetDueHandoffsAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                // Both runs read the due hand-off before either claims it: the race the ETag has to decide.
                if (Interlocked.Increment(ref reads) == 2)
                {
                    bothRead.SetResult();
                }

                await bothRead.Task.WaitAsync(TimeSpan.FromSeconds(10));
                return [store.Current(lead.LeadId)];
            });
        var dispatcher = Dispatcher(store);

        var runs = await Task.WhenAll(dispatcher.DispatchDueAsync(), dispatcher.DispatchDueAsync());

        Assert.Equal(1, runs.Sum(run => run.Sent));
        Assert.Equal(0, runs.Sum(run => run.Retrying + run.Failed));
        Assert.Single(await _inbox.WaitForAsync(lead.LeadId, 1));
        Assert.Equal(HandoffStatus.Sent, store.Current(lead.LeadId).Status);
        store.Mock.Verify(s => s.TryRecordHandoffSentAsync(It.Is<SalesHandoff>(h => h.LeadId == lead.LeadId && h.Status == HandoffStatus.Sent && h.SentAt != null), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Single(await _inbox.EmailsOfAsync(lead.LeadId));
    }

    [Fact]
    public async Task An_erased_lead_gets_no_email()
    {
        var erased = TestLeads.Sql("Erased Inc");
        var kept = TestLeads.Sql("Kept Ltd");
        var store = new HandoffStore([erased, kept]);
        store.Mock.Setup(s => s.GetLeadAsync(erased.LeadId, It.IsAny<CancellationToken>())).ReturnsAsync((Lead?)null);
        store.Mock
            .Setup(s => s.GetDueHandoffsAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => [store.Current(erased.LeadId), store.Current(kept.LeadId)]);

        var run = await Dispatcher(store).DispatchDueAsync();

        Assert.Equal(1, run.Sent);
        Assert.Single(await _inbox.WaitForAsync(kept.LeadId, 1)); // sent after the erased lead's turn: its email would be here by now
        Assert.Empty(await _inbox.EmailsOfAsync(erased.LeadId));
        Assert.NotEqual(HandoffStatus.Sent, store.Current(erased.LeadId).Status);
        store.Mock.Verify(s => s.TryRecordHandoffSentAsync(It.Is<SalesHandoff>(h => h.LeadId == erased.LeadId), It.IsAny<CancellationToken>()), Times.Never);
    }

    private SalesHandoffDispatcher Dispatcher(HandoffStore store) => new(
        store.Mock.Object,
        SmtpSalesNotifierTests.Notifier(maildev.SmtpPort),
        Options.Create(new HandoffOptions()),
        _clock,
        NullLogger<SalesHandoffDispatcher>.Instance);

    /// <summary>The hand-off half of <see cref="ILeadStore"/>: rows with ETags; a write wins only with the current ETag.</summary>
    private sealed class HandoffStore
    {
        private readonly Dictionary<string, SalesHandoff> _rows = [];
        private int _version;

        public HandoffStore(IEnumerable<Lead> leads)
        {
            foreach (var lead in leads)
            {
                _rows[lead.LeadId] = TestLeads.Handoff(lead, etag: NextETag());
                Mock.Setup(s => s.GetLeadAsync(lead.LeadId, It.IsAny<CancellationToken>())).ReturnsAsync(lead);
            }

            Mock.Setup(s => s.TryUpdateHandoffAsync(It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()))
                .ReturnsAsync((SalesHandoff handoff, CancellationToken _) => TryUpdate(handoff));
            Mock.Setup(s => s.TryRecordHandoffSentAsync(It.IsAny<SalesHandoff>(), It.IsAny<CancellationToken>()))
                .ReturnsAsync((SalesHandoff handoff, CancellationToken _) => TryUpdate(handoff));
        }

        public Mock<ILeadStore> Mock { get; } = new(MockBehavior.Strict);

        public SalesHandoff Current(string leadId)
        {
            lock (_rows)
            {
                return _rows[leadId];
            }
        }

        private SalesHandoff? TryUpdate(SalesHandoff handoff)
        {
            lock (_rows)
            {
                if (!_rows.TryGetValue(handoff.LeadId, out var current) || current.ETag != handoff.ETag)
                {
                    return null; // 412: another worker wrote it first
                }

                var written = handoff with { ETag = NextETag() };
                _rows[handoff.LeadId] = written;
                return written;
            }
        }

        private string NextETag() => "W/\"" + Interlocked.Increment(ref _version) + "\"";
    }
}
