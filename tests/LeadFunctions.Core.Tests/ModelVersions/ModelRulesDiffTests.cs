using LeadFunctions.ModelVersions;
using LeadFunctions.Scoring;

namespace LeadFunctions.Core.Tests.ModelVersions;

/// <summary>The rules diff of a version against live, over the shipped model and changed copies of it.</summary>
public sealed class ModelRulesDiffTests
{
    private static readonly ScoringModelDocument s_live = ScoringModel.Default.ToDocument();

    [Fact]
    public void The_same_rules_under_another_version_change_nothing()
    {
        var diff = ModelRulesDiff.Compare(s_live, s_live with { Version = "v2" });

        Assert.True(diff.IsEmpty);
        Assert.Equal((s_live.Version, "v2"), (diff.FromVersion, diff.ToVersion));
    }

    [Fact]
    public void Changed_points_show_old_and_new_with_the_other_settings_that_moved()
    {
        var version = WithEngagementRule("pricing-page", rule => rule with { Points = 40, Cap = 80 });

        var change = Assert.Single(ModelRulesDiff.Compare(s_live, version).Rules);

        Assert.Equal(("Engagement", "pricing-page", "Viewed pricing", RuleChangeKind.Changed), (change.Section, change.RuleId, change.Label, change.Kind));
        Assert.Equal((10m, 40m), (change.OldPoints, change.NewPoints));
        Assert.True(change.PointsChanged);
        Assert.Equal([new SettingChange("cap", "30", "80")], change.Settings);
    }

    [Fact]
    public void A_field_rule_a_suggestion_found_is_added_under_captured_field_with_its_field_and_values()
    {
        var source = new FieldRule { Id = "source-reference", Label = "Source: reference", Field = "utm_source", Values = ["reference"], Points = 12 };
        var version = s_live with { Version = "v2", Fit = s_live.Fit with { Fields = [source] } };

        var change = Assert.Single(ModelRulesDiff.Compare(s_live, version).Rules);

        Assert.Equal(("Captured field", "source-reference", RuleChangeKind.Added, (decimal?)12), (change.Section, change.RuleId, change.Kind, change.NewPoints));
        Assert.Contains(new SettingChange("field", null, "utm_source"), change.Settings);
        Assert.Contains(change.Settings, setting => setting.Name == "values" && setting.New!.Contains("reference", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_only_in_the_version_is_added_with_what_it_matches_and_one_only_in_live_is_removed()
    {
        var replay = new EngagementRule
        {
            Id = "webinar-replay",
            Label = "Watched a webinar replay",
            EventType = "Video Watched",
            Category = "content",
            Where = [new PropertyFilter { Property = "kind", EqualTo = "replay" }],
            Points = 6,
            MaxCount = 2,
        };
        var rules = s_live.Engagement.Rules.Where(rule => rule.Id != "page-view").Append(replay).ToList();
        var version = s_live with { Version = "v2", Engagement = s_live.Engagement with { Rules = rules } };

        var diff = ModelRulesDiff.Compare(s_live, version);

        Assert.Equal(
            [("webinar-replay", RuleChangeKind.Added, (decimal?)null, (decimal?)6), ("page-view", RuleChangeKind.Removed, 1, null)],
            diff.Rules.Select(rule => (rule.RuleId, rule.Kind, rule.OldPoints, rule.NewPoints)));
        var added = diff.Rules[0];
        Assert.False(added.PointsChanged);
        Assert.Contains(new SettingChange("event type", null, "Video Watched"), added.Settings);
        Assert.Contains(new SettingChange("filters", null, "kind equals replay"), added.Settings);
        Assert.Contains(new SettingChange("max count", null, "2"), added.Settings);
        Assert.Empty(diff.Rules[1].Settings);
        Assert.Equal(1, diff.Count(RuleChangeKind.Added));
        Assert.Equal(1, diff.Count(RuleChangeKind.Removed));
    }

    [Fact]
    public void Where_the_first_match_wins_a_moved_rule_changes_position_but_an_insertion_moves_nobody()
    {
        var titles = s_live.Fit.JobTitle.ToList();
        (titles[3], titles[4]) = (titles[4], titles[3]); // manager is now tried before director
        titles.Insert(0, new JobTitleRule { Id = "title-board", Pattern = "\\bboard\\b", Points = 30 });
        var version = s_live with { Version = "v2", Fit = s_live.Fit with { JobTitle = titles } };

        var diff = ModelRulesDiff.Compare(s_live, version);

        Assert.Equal(
            [("title-board", RuleChangeKind.Added), ("title-manager", RuleChangeKind.Changed), ("title-director", RuleChangeKind.Changed)],
            diff.Rules.Select(rule => (rule.RuleId, rule.Kind)));
        Assert.Equal([new SettingChange("position", "5", "4")], diff.Rules[1].Settings);
        Assert.Equal([new SettingChange("position", "4", "5")], diff.Rules[2].Settings);
        Assert.False(diff.Rules[1].PointsChanged);
    }

    [Fact]
    public void Email_domain_rules_all_count_so_their_order_is_no_change()
    {
        var version = s_live with { Version = "v2", Fit = s_live.Fit with { EmailDomain = [.. s_live.Fit.EmailDomain.Reverse()] } };

        Assert.True(ModelRulesDiff.Compare(s_live, version).IsEmpty);
    }

    [Fact]
    public void A_list_is_compared_as_a_set_ignoring_case_naming_what_was_added_and_removed()
    {
        var industries = s_live.Fit.Industry.ToList();
        var core = industries[0];
        industries[0] = core with
        {
            Label = "Core industry",
            Values = [.. core.Values.Where(value => value != "Retail").Select(value => value.ToUpperInvariant()), "Gaming", "Esports"],
        };
        var version = s_live with { Version = "v2", Fit = s_live.Fit with { Industry = industries } };

        var change = Assert.Single(ModelRulesDiff.Compare(s_live, version).Rules);

        Assert.Equal(("Industry", "industry-core", "Core industry"), (change.Section, change.RuleId, change.Label));
        Assert.Equal(
            [
                new SettingChange("label", "Target industry", "Core industry"),
                new SettingChange("values added", null, "Gaming, Esports"),
                new SettingChange("values removed", "Retail", null),
            ],
            change.Settings);
        Assert.False(change.PointsChanged);
    }

    [Fact]
    public void Thresholds_limits_and_grades_that_changed_are_named_with_old_and_new_values()
    {
        var qualification = s_live.Qualification with
        {
            Mql = s_live.Qualification.Mql with { MinFit = 25 },
            Sql = s_live.Qualification.Sql with
            {
                MinTotal = null,
                HighIntentEventTypes = [.. s_live.Qualification.Sql.HighIntentEventTypes, "Trial Started"],
            },
            Pql = null,
        };
        var version = s_live with
        {
            Version = "v2",
            Qualification = qualification,
            Grades = [.. s_live.Grades.Select(band => band.Grade == "A" ? band with { MinFit = 70 } : band)],
            Engagement = s_live.Engagement with { MaxScore = 200 },
        };

        var diff = ModelRulesDiff.Compare(s_live, version);

        Assert.Empty(diff.Rules);
        Assert.Equal(
            [
                new SettingChange("engagement score limits", "-100 to 150", "-100 to 200"),
                new SettingChange("MQL: minimum fit", "20", "25"),
                new SettingChange("SQL: high-intent events added", null, "Trial Started"),
                new SettingChange("SQL: minimum total", "120", "none"),
                new SettingChange("PQL: minimum points", "30", "no PQL"),
                new SettingChange("PQL: categories removed", "product", null),
                new SettingChange("grades", "A from fit 60, B from fit 40, C from fit 20, D", "A from fit 70, B from fit 40, C from fit 20, D"),
            ],
            diff.Thresholds);
    }

    [Fact]
    public void Comparing_the_other_way_round_swaps_added_and_removed_and_old_and_new()
    {
        var version = WithEngagementRule("demo-requested", rule => rule with { Points = 45, HalfLifeDays = 7 });

        var forward = Assert.Single(ModelRulesDiff.Compare(s_live, version).Rules);
        var back = Assert.Single(ModelRulesDiff.Compare(version, s_live).Rules);

        Assert.Equal((30m, 45m), (forward.OldPoints, forward.NewPoints));
        Assert.Equal((45m, 30m), (back.OldPoints, back.NewPoints));
        Assert.Equal([new SettingChange("half-life", "model default", "7 days")], forward.Settings);
        Assert.Equal([new SettingChange("half-life", "7 days", "model default")], back.Settings);
    }

    private static ScoringModelDocument WithEngagementRule(string id, Func<EngagementRule, EngagementRule> change) => s_live with
    {
        Version = "v2",
        Engagement = s_live.Engagement with
        {
            Rules = [.. s_live.Engagement.Rules.Select(rule => rule.Id == id ? change(rule) : rule)],
        },
    };
}
