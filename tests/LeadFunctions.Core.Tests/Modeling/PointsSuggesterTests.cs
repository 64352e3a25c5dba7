using LeadFunctions.Modeling;
using LeadFunctions.Scoring;

namespace LeadFunctions.Core.Tests.Modeling;

public sealed class PointsSuggesterTests
{
    /// <summary>Known weights for six of the default model's rules: positive and negative, each of its own size.</summary>
    private static readonly (string RuleId, double Weight)[] Truth =
    [
        ("demo-requested", 2.0),
        ("email-competitor", -1.6),
        ("title-c-level", 1.0),
        ("careers-page", -0.7),
        ("pricing-page", 0.4),
        ("email-free-mail", -0.2),
    ];

    private static readonly ScoringModel Live = ScoringModel.Default;

    [Fact]
    public void Suggests_points_with_the_signs_and_order_of_the_true_weights()
    {
        var suggestion = Suggest(Generate(6_000, seed: 1));

        var fitted = Truth.Select(truth => suggestion.Rules.Single(rule => rule.RuleId == truth.RuleId)).ToArray();
        Assert.Equal(Truth.Select(truth => Math.Sign(truth.Weight)), fitted.Select(rule => Math.Sign(rule.NewPoints)));
        Assert.Equal(Ranks(Truth.Select(truth => truth.Weight)), Ranks(fitted.Select(rule => rule.Weight!.Value)));
        Assert.Equal(Ranks(Truth.Select(truth => truth.Weight)), Ranks(fitted.Select(rule => (double)rule.NewPoints)));
        Assert.All(fitted.Take(4), rule => Assert.Equal("high", rule.Confidence));
        Assert.InRange(suggestion.Fit.Auc!.Value, 0.7, 0.9);
    }

    [Fact]
    public void Keeps_the_total_size_of_the_fitted_rules_points_and_leaves_rules_no_lead_activated_alone()
    {
        var suggestion = Suggest(Generate(3_000, seed: 2));

        var fitted = suggestion.Rules.Where(rule => rule.Weight is not null).ToArray();
        Assert.Equal(Truth.Select(truth => truth.RuleId).Order(), fitted.Select(rule => rule.RuleId).Order());
        var size = fitted.Sum(rule => Math.Abs(rule.OldPoints));
        Assert.InRange(fitted.Sum(rule => Math.Abs(rule.NewPoints)), size - 3, size + 3); // each rule rounded to a whole point
        Assert.All(
            fitted,
            rule => Assert.Equal(
                rule.NewPoints,
                (decimal)Math.Round(rule.Weight!.Value * suggestion.Fit.Scale, MidpointRounding.AwayFromZero)));
        var untouched = suggestion.Rules.Single(rule => rule.RuleId == "spam-complaint");
        Assert.Equal(
            (-40m, -40m, "none", (double?)null),
            (untouched.OldPoints, untouched.NewPoints, untouched.Confidence, untouched.Weight));
        Assert.Contains(suggestion.Warnings, warning => warning.Contains("spam-complaint", StringComparison.Ordinal));
    }

    [Fact]
    public void The_candidate_is_a_valid_model_with_the_suggested_points_and_the_fitted_thresholds()
    {
        var suggestion = Suggest(Generate(3_000, seed: 3));

        var candidate = ScoringModel.Parse(ScoringModel.Write(suggestion.Candidate));

        Assert.Equal(Live.Version + "-suggested", candidate.Version);
        Assert.Equal(WithoutPointsOrCaps(Live), WithoutPointsOrCaps(candidate));
        Assert.Equal(suggestion.Thresholds.Proposed.Mql, candidate.Qualification.Mql);
        Assert.Equal(suggestion.Thresholds.Proposed.Sql.MinTotal, candidate.Qualification.Sql.MinTotal);
        var points = new RuleActivations(candidate).Rules.ToDictionary(rule => rule.Id, rule => rule.Points);
        Assert.All(suggestion.Rules, rule => Assert.Equal(rule.NewPoints, points[rule.RuleId]));
        var pricing = candidate.Engagement.Rules.Single(rule => rule.Id == "pricing-page");
        Assert.Equal(30m * Math.Abs(pricing.Points) / 10m, pricing.Cap!.Value, 2);
    }

    [Fact]
    public void A_rule_every_lead_activated_alike_keeps_its_points_as_there_is_nothing_to_learn_about_it()
    {
        // Every lead submitted the form once (the capture): a constant, which a fit cannot tell from the intercept.
        var formIndex = new RuleActivations(Live).Rules.Select(rule => rule.Id).ToList().IndexOf("form-submitted");
        ScoredOutcome[] outcomes =
        [
            .. Generate(1_000, seed: 9).Select(outcome => outcome with
            {
                Activations = new FeatureRow([.. outcome.Activations.Indexes, formIndex], [.. outcome.Activations.Values, 1]),
            }),
        ];

        var form = Suggest(outcomes).Rules.Single(rule => rule.RuleId == "form-submitted");

        Assert.Equal((10m, 10m, "none", (double?)null), (form.OldPoints, form.NewPoints, form.Confidence, form.Weight));
    }

    [Fact]
    public void Two_suggestions_from_the_same_outcomes_are_identical()
    {
        var outcomes = Generate(2_000, seed: 4);

        var first = Suggest(outcomes);
        var second = Suggest(outcomes);

        Assert.Equal(first.Rules, second.Rules);
        Assert.Equal(first.Fit, second.Fit);
        Assert.Equal(ScoringModel.Write(first.Candidate), ScoringModel.Write(second.Candidate));
    }

    [Fact]
    public void A_larger_lambda_gives_smaller_weights()
    {
        var outcomes = Generate(1_000, seed: 5);

        var loose = Suggest(outcomes, new SuggestionOptions { Lambda = 0.01 });
        var tight = Suggest(outcomes, new SuggestionOptions { Lambda = 100 });

        Assert.True(tight.Rules.Sum(rule => Math.Abs(rule.Weight ?? 0)) < loose.Rules.Sum(rule => Math.Abs(rule.Weight ?? 0)) / 2);
    }

    [Fact]
    public void Holds_out_the_asked_share_and_measures_the_live_model_on_the_same_leads()
    {
        var outcomes = Generate(2_000, seed: 6);

        var suggestion = Suggest(outcomes, new SuggestionOptions { Holdout = 0.3 });

        var heldOut = outcomes.Where(outcome => HeldOutSplit.IsHeldOut(outcome.LeadId, 0.3)).ToArray();
        Assert.Equal(heldOut.Length, suggestion.Fit.HeldOut);
        Assert.Equal((outcomes.Count(o => o.Won), outcomes.Count(o => !o.Won)), (suggestion.Fit.Won, suggestion.Fit.NotWon));
        Assert.Equal(
            AreaUnderCurve.Compute([.. heldOut.Select(o => (double)o.LiveScore)], [.. heldOut.Select(o => o.Won)]),
            suggestion.Fit.LiveAuc);
    }

    [Fact]
    public void Warns_when_fewer_than_120_leads_were_won()
    {
        var thin = Generate(150, seed: 7);
        var plenty = Generate(3_000, seed: 7);

        Assert.Contains(Suggest(thin).Warnings, warning => warning.StartsWith("Only ", StringComparison.Ordinal));
        Assert.DoesNotContain(Suggest(plenty).Warnings, warning => warning.StartsWith("Only ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(19, 10, "19 leads with a known outcome; a fit needs at least 20.")]
    [InlineData(40, 0, "No won lead among the 40 leads with a known outcome.")]
    [InlineData(40, 40, "No lost or disqualified lead among the 40 leads with a known outcome.")]
    public void Refuses_too_few_outcomes_or_only_one_kind(int leads, int won, string refusal)
    {
        ScoredOutcome[] outcomes = [.. Generate(leads, seed: 8).Select((outcome, n) => outcome with { Won = n < won })];

        var result = PointsSuggester.Suggest(Live, outcomes, new SuggestionOptions());

        Assert.Null(result.Suggestion);
        Assert.Equal(refusal, result.Refusal);
    }

    private static PointsSuggestion Suggest(IReadOnlyList<ScoredOutcome> outcomes, SuggestionOptions? options = null)
    {
        var result = PointsSuggester.Suggest(Live, outcomes, options ?? new SuggestionOptions());
        Assert.Null(result.Refusal);
        return result.Suggestion!;
    }

    private static ScoredOutcome[] Generate(int count, int seed)
    {
        var rules = new RuleActivations(Live).Rules.Select(rule => rule.Id).ToList();
        var (rows, won) = GeneratedOutcomes.Create(count, [.. Truth.Select(truth => truth.Weight)], -0.3, seed);
        return GeneratedOutcomes.AsOutcomes(rows, won, [.. Truth.Select(truth => rules.IndexOf(truth.RuleId))]);
    }

    /// <summary>The model's document with every rule's points and cap and the version blanked: what a suggestion keeps.</summary>
    /// <summary>The SQL rule without what a threshold fit may change (its minimum total and requirements).</summary>
    private static SqlThresholds BlankSql(SqlThresholds sql) => sql with { MinTotal = null, RequireBant = false, HighIntentEventTypes = [] };

    /// <summary>The model without what a suggestion may change: points, caps and thresholds.</summary>
    private static string WithoutPointsOrCaps(ScoringModel model)
    {
        T Blank<T>(T rule)
            where T : ScoringRule => rule with { Points = 0 };
        var fit = model.Fit;
        return ScoringModel.Write(model.ToDocument() with
        {
            Version = "any",
            Fit = fit with
            {
                JobTitle = [.. fit.JobTitle.Select(Blank)],
                CompanySize = [.. fit.CompanySize.Select(Blank)],
                Industry = [.. fit.Industry.Select(Blank)],
                Country = [.. fit.Country.Select(Blank)],
                Budget = [.. fit.Budget.Select(Blank)],
                Timeline = [.. fit.Timeline.Select(Blank)],
                Need = fit.Need is { } need ? Blank(need) : null,
                EmailDomain = [.. fit.EmailDomain.Select(Blank)],
            },
            Engagement = model.Engagement with { Rules = [.. model.Engagement.Rules.Select(rule => Blank(rule) with { Cap = null })] },
            Qualification = model.Qualification with { Mql = new MqlThresholds { MinFit = 0, MinEngagement = 0 }, Sql = BlankSql(model.Qualification.Sql) },
        });
    }

    private static int[] Ranks(IEnumerable<double> weights)
    {
        var list = weights.ToList();
        return [.. Enumerable.Range(0, list.Count).OrderBy(i => list[i])];
    }
}
