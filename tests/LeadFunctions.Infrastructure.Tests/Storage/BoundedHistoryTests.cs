using Azure.Data.Tables;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Qualification;
using LeadFunctions.Reporting;
using LeadFunctions.Sales;
using LeadFunctions.Scoring;
using LeadFunctions.Testing.Azurite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>
/// A lead's stage history stays bounded on Azurite: hundreds of page and status actions with the longest notes leave its
/// row writable and small, its page readable, and the funnel counting each stage it entered once.
/// </summary>
[Collection(LeadStoreCollection.Name)]
public sealed class BoundedHistoryTests(AzuriteFixture azurite)
{
    private const string LinkSecret = "bounded-history-link-secret-0123456789";

    /// <summary>
    /// Actions here, through the services: with the 120 page and status actions of the local host's BoundedHistoryHttpTests,
    /// a thousand.
    /// </summary>
    private const int ServiceActions = 880;

    /// <summary>The longest note allowed, made of what JSON and HTML escape: quotes, angle brackets, line breaks.</summary>
    private static readonly string Note = string.Concat(Enumerable.Repeat("<b>\"Price\" & 'terms'</b>\n", 50))[..(SalesOptions.MaxNoteLength - 1)] + ".";

    private static readonly string Actor = "crm:" + new string('a', 196);

    [Fact]
    public async Task Page_and_status_actions_with_the_longest_notes_leave_the_lead_writable_readable_and_counted_once()
    {
        var clock = new FakeTimeProvider(Stores.Start);
        var options = Options.Create(new StorageOptions { TablePrefix = "h" + Guid.NewGuid().ToString("N")[..12] });
        var client = azurite.CreateTableServiceClient();
        var funnel = new TableFunnelStore(client, options);
        var store = new TableLeadPorts(client, options, clock, funnel: funnel);
        var status = new SalesStatusService(
            store.Leads,
            store.SalesActions,
            new LeadRescoringService(store.Scores, store.DecayReviews, new LeadScorer(ScoringModel.Default, clock), clock, NullLogger<LeadRescoringService>.Instance),
            Options.Create(new SalesOptions()),
            clock,
            NullLogger<SalesStatusService>.Instance);
        var links = new HandoffLinks(new HandoffOptions { LinkSecret = LinkSecret });
        var pages = new HandoffPageService(
            store.Leads,
            store.Outbox,
            links,
            status,
            Options.Create(new HandoffOptions { LinkSecret = LinkSecret }),
            Options.Create(new SalesOptions()),
            clock);
        var (leadId, token) = await HandedOffAsync(store, links, clock);

        // Page: accept, then won, each from the page as it stands (2 actions).
        Assert.Equal(HandoffPageStatus.Ok, (await SubmitAsync(pages, token, SalesActionKind.Accept, null)).Status);
        clock.Advance(TimeSpan.FromMinutes(1));
        var atSal = (await pages.OpenAsync(token)).Page!;
        Assert.Equal(HandoffPageStatus.Ok, (await SubmitAsync(pages, token, SalesActionKind.Won, null)).Status);

        // Then the rest: the CRM's lost and won in turn through the status API, every tenth a stale page form (refused).
        var recorded = 0;
        for (var i = 0; i < ServiceActions - 2; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            if (i % 10 == 9)
            {
                // The SAL page's form for the outcome the lead is not in now: it would change the lead, so it is refused.
                var form = recorded % 2 == 1
                    ? new HandoffForm("won", atSal.Offered[SalesActionKind.Won], null, Note)
                    : new HandoffForm("lost", atSal.Offered[SalesActionKind.Lost], "Price", Note);
                Assert.Equal(HandoffPageStatus.Changed, (await pages.ActAsync(token, form)).Status);
                continue;
            }

            var kind = recorded % 2 == 0 ? SalesActionKind.Lost : SalesActionKind.Won;
            var action = new SalesAction(kind, Actor, clock.GetUtcNow()) { Reason = "Price", Note = Note };
            var receipt = i % 3 == 0 ? SalesStatusReceipt.For($"crm-{i}", action, null) : null;
            var result = await status.RecordAsync(leadId, action with { Reason = kind == SalesActionKind.Lost ? "Price" : "Annual plan" }, receipt);
            Assert.Equal(SalesTransitionOutcome.Applied, result!.Transition.Outcome);
            recorded++;
        }

        var lead = (await store.Leads.GetLeadAsync(leadId))!;
        var page = await pages.OpenAsync(token);
        var entity = (await store.Tables.All.First().GetEntityAsync<TableEntity>(leadId, LeadKeys.LeadRow)).Value;
        var storedCharacters = entity.Select(property => property.Value).OfType<string>().Sum(text => text.Length);
        var scoreJson = ScoreJson(entity);

        Assert.Equal(StageHistoryCompaction.KeptInFull, lead.Score!.StageHistory.Count);
        Assert.Equal(2 + 2 + recorded, StageHistoryCompaction.ChangeCount(lead.Score));
        Assert.Equal(lead.Stage, lead.Score.StageHistory[^1].To);
        Assert.Equal(SalesHandoff.IdFor(Stores.Start), SalesTransitions.LatestHandoffId(lead.Score.StageHistory));
        Assert.True(storedCharacters * 2 < 400 * 1024, $"the lead's row holds {storedCharacters:N0} characters");
        Assert.Contains("<b>\\\"Price\\\" & 'terms'</b>\\n", scoreJson, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u003C", scoreJson, StringComparison.Ordinal);
        Assert.Equal(HandoffPageStatus.Ok, page.Status);
        var again = await status.RecordAsync(leadId, new SalesAction(SalesActionKind.Disqualify, "crm", clock.GetUtcNow().AddMinutes(1)) { Reason = "Competitor", Note = Note });
        Assert.Equal(SalesTransitionOutcome.Applied, again!.Transition.Outcome);
        var entered = (await funnel.ReadAsync(FunnelCounterKind.Stage, FunnelCounter.DayOf(Stores.Start).AddDays(-1), FunnelCounter.DayOf(clock.GetUtcNow()).AddDays(1)))
            .GroupBy(count => count.Counter.Stage!.Value)
            .ToDictionary(group => group.Key, group => group.Sum(count => count.Count));
        Assert.Equal(
            new Dictionary<LeadStage, long>
            {
                [LeadStage.Lead] = 1, [LeadStage.MQL] = 1, [LeadStage.SQL] = 1, [LeadStage.SAL] = 1,
                [LeadStage.Won] = 1, [LeadStage.Lost] = 1, [LeadStage.Disqualified] = 1,
            },
            entered);
    }

    [Theory]
    [InlineData("<b>\"Price\" & 'terms'</b>\n\\")]
    [InlineData("\U0001F600 emoji, \u00A0no-break space, \u200Bzero width, \uE000 private use, \u00E9t\u00E9 \u65E5\u672C")]
    public void A_change_s_stored_size_is_at_most_its_estimate_and_html_is_stored_as_itself(string text)
    {
        var note = string.Concat(Enumerable.Repeat(text, 100))[..SalesOptions.MaxNoteLength];
        var change = new StageChange(LeadStage.SAL, LeadStage.Lost, Stores.Start, "Price") { Action = SalesActionKind.Lost, Actor = Actor, Note = note };
        var lead = new Lead
        {
            LeadId = "0194f1e2a3b4c5d6e7f8091a2b3c4d5e",
            Profile = new LeadProfile { Email = "dana@northwind.example" },
            CreatedAt = Stores.Start,
            UpdatedAt = Stores.Start,
            Score = new StoredScore
            {
                FitScore = 1, EngagementScore = 1, Grade = "A", Stage = LeadStage.SAL, IsPql = false, Bant = default,
                StageHistory = [], Breakdown = [], RecentEvents = [], ModelVersion = "test", ScoredAt = Stores.Start, EventCount = 0,
            },
        };

        var without = ScoreJson(LeadEntityMapper.LeadEntity(lead));
        var with = ScoreJson(LeadEntityMapper.LeadEntity(lead with { Score = lead.Score! with { StageHistory = [change] } }));

        Assert.InRange(with.Length - without.Length, 1, StageHistoryCompaction.StoredLength(change));
        Assert.DoesNotContain("\\u003C", with, StringComparison.Ordinal);
    }

    private static string ScoreJson(TableEntity entity) =>
        string.Concat(entity.Where(property => property.Key.StartsWith("Score", StringComparison.Ordinal))
            .OrderBy(property => int.Parse(property.Key[5..], System.Globalization.CultureInfo.InvariantCulture))
            .Select(property => (string)property.Value));

    private static async Task<HandoffPageResult> SubmitAsync(HandoffPageService pages, string token, SalesActionKind kind, string? reason)
    {
        var page = (await pages.OpenAsync(token)).Page!;
        return await pages.ActAsync(token, new HandoffForm(HandoffForm.ActionName(kind), page.Offered[kind], reason, Note));
    }

    /// <summary>A lead the scores made an SQL at <see cref="Stores.Start"/>, with its hand-off, and its link's token.</summary>
    private static async Task<(string LeadId, string Token)> HandedOffAsync(TableLeadPorts store, HandoffLinks links, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var (lead, _) = await store.Leads.GetOrCreateLeadAsync(new LeadProfile { Email = $"dana.{Guid.NewGuid():N}@northwind.example" }, LeadAttribution.None);
        var handoff = new SalesHandoff { HandoffId = SalesHandoff.IdFor(now), LeadId = lead.LeadId, QualifiedAt = now, NextAttemptAt = now };
        var score = new StoredScore
        {
            FitScore = 50,
            EngagementScore = 60,
            Grade = "A",
            Stage = LeadStage.SQL,
            IsPql = false,
            Bant = default,
            StageHistory = [new(LeadStage.Lead, LeadStage.MQL, now, "engaged"), new(LeadStage.MQL, LeadStage.SQL, now, "demo requested")],
            Breakdown = [new RuleContribution(ScoreKind.Engagement, "demo", "Demo", 1, 60, null)],
            RecentEvents = [],
            ModelVersion = "test",
            ScoredAt = now,
            EventCount = 1,
        };
        Assert.True(await store.Scores.TrySaveScoreAsync(lead, score, handoff, now));
        return (lead.LeadId, links.CreateToken(lead.LeadId, handoff.HandoffId));
    }
}
