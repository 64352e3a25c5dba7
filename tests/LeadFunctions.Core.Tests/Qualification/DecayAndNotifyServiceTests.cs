using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Qualification;
using LeadFunctions.Scoring;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LeadFunctions.Core.Tests.Qualification;

public sealed class DecayAndNotifyServiceTests
{
    [Fact]
    public async Task A_lead_that_cannot_be_rescored_is_skipped_for_this_run_without_stopping_the_others()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));

        // Moq, not the in-memory store: the test needs a store that fails for one lead, and counts the calls that show
        // the run went on past it.
        var store = new Mock<IDecayReviewIndex>();
        var scores = store.As<ILeadScoreStore>();
        var handoffs = store.As<IHandoffOutbox>();
        var leads = store.As<ILeadRepository>();
        var due = clock.GetUtcNow().AddHours(-1);
        store.Setup(s => s.GetDueDecayReviewsAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([new DecayReview("broken", due), new DecayReview("erased", due)]);
        scores.Setup(s => s.GetScoringStateAsync("broken", It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("disk on fire"));
        scores.Setup(s => s.GetScoringStateAsync("erased", It.IsAny<CancellationToken>())).ReturnsAsync((LeadScoringState?)null);
        handoffs.Setup(s => s.GetDueHandoffsAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([]);
        var rescoring = new LeadRescoringService(
            scores.Object,
            store.Object,
            new LeadScorer(ScoringModel.Default, clock),
            clock,
            NullLogger<LeadRescoringService>.Instance);
        var dispatcher = new SalesHandoffDispatcher(
            handoffs.Object,
            leads.Object,
            Mock.Of<ISalesNotifier>(),
            Options.Create(new HandoffOptions()),
            clock,
            NullLogger<SalesHandoffDispatcher>.Instance);
        var reminders = new HandoffReminderDispatcher(
            handoffs.Object,
            leads.Object,
            Mock.Of<ISalesNotifier>(),
            Options.Create(new HandoffOptions()),
            clock,
            NullLogger<HandoffReminderDispatcher>.Instance);
        handoffs.Setup(s => s.GetDueRemindersAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([]);
        var service = new DecayAndNotifyService(
            store.Object,
            rescoring,
            dispatcher,
            reminders,
            Options.Create(new DecayOptions()),
            clock,
            NullLogger<DecayAndNotifyService>.Instance);

        var result = await service.RunAsync();

        Assert.Equal(2, result.Reviewed);
        scores.Verify(s => s.GetScoringStateAsync("broken", It.IsAny<CancellationToken>()), Times.Once);
        store.Verify(
            s => s.GetDueDecayReviewsAsync(It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<CancellationToken>()),
            Times.Exactly(2));
        store.Verify(s => s.RemoveDecayReviewAsync(new DecayReview("erased", due), It.IsAny<CancellationToken>()), Times.Once);
        store.Verify(s => s.RemoveDecayReviewAsync(new DecayReview("broken", due), It.IsAny<CancellationToken>()), Times.Never);
    }
}
