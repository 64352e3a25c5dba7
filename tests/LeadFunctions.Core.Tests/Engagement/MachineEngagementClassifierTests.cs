using LeadFunctions.Engagement;

namespace LeadFunctions.Core.Tests.Engagement;

public sealed class MachineEngagementClassifierTests
{
    private static readonly DateTimeOffset Sent = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static readonly MachineEngagementClassifier Rules = MachineEngagementClassifier.Default;

    [Fact]
    public void An_open_apple_mail_privacy_protection_made_is_a_machine_s_and_says_so()
    {
        var mpp = Open("o1", 1, ("machineOpen", "true"));
        var person = Open("o2", 1, ("machineOpen", "false"));

        var verdicts = Rules.Classify([mpp, person]);

        var verdict = verdicts.Of(mpp);
        Assert.True(verdict.IsMachine);
        Assert.Equal(MachineRule.AppleMailPrivacy, verdict.RuleId);
        Assert.Equal("opened by Apple Mail Privacy Protection on delivery (sg_machine_open)", verdict.Reason);
        Assert.Same(MachineVerdict.Person, verdicts.Of(person));
        Assert.Equal(1, verdicts.Count);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(3, true)]
    [InlineData(9, true)]
    [InlineData(10, false)]
    [InlineData(3600, false)]
    public void A_click_sooner_than_ten_seconds_after_its_email_was_delivered_is_a_scanner_s(int secondsAfter, bool machine)
    {
        var click = Click("c1", "m1", 60 + secondsAfter, "https://example.com/pricing");

        var verdict = Rules.Classify([Delivered("d1", "m1", 60), click]).Of(click);

        Assert.Equal(machine, verdict.IsMachine);
        Assert.Equal(machine ? "clicked within 10 s of delivery (mail scanner)" : null, verdict.Reason);
        Assert.Equal(machine ? MachineRule.AfterDelivery : null, verdict.RuleId);
    }

    [Fact]
    public void Delivery_is_measured_per_email_from_delivered_and_from_processed_only_without_it()
    {
        // m1: processed at 0 s, delivered at 30 s: a click at 35 s is 5 s after delivery.
        // m2: only processed at 0 s: a click at 35 s is 35 s after it. m3: nothing about its delivery.
        var fast = Click("c1", "m1", 35, "https://example.com/a");
        var late = Click("c2", "m2", 35, "https://example.com/a");
        var unknown = Click("c3", "m3", 1, "https://example.com/a");
        var afterSentOnly = Click("c4", "m4", 4, "https://example.com/a");
        EngagementEvent[] events =
        [
            Processed("p1", "m1", 0), Delivered("d1", "m1", 30), Processed("p2", "m2", 0), Processed("p4", "m4", 0),
            fast, late, unknown, afterSentOnly,
        ];

        var verdicts = Rules.Classify(events);

        Assert.True(verdicts.Of(fast).IsMachine);
        Assert.False(verdicts.Of(late).IsMachine);
        Assert.False(verdicts.Of(unknown).IsMachine);
        Assert.True(verdicts.Of(afterSentOnly).IsMachine);
    }

    [Fact]
    public void Three_distinct_links_of_one_email_clicked_within_two_seconds_are_all_a_scanner_s()
    {
        // A scanner an hour after delivery (no delivery rule), then the person a day later.
        EngagementEvent[] burst =
        [
            Click("c1", "m1", 3600, "https://example.com/pricing"),
            Click("c2", "m1", 3601, "https://example.com/blog"),
            Click("c3", "m1", 3602, "https://example.com/unsubscribe"),
        ];
        var person = Click("c4", "m1", 90_000, "https://example.com/pricing");

        var verdicts = Rules.Classify([Delivered("d1", "m1", 0), .. burst, person]);

        Assert.All(burst, click => Assert.Equal(MachineRule.LinkBurst, verdicts.Of(click).RuleId));
        Assert.Equal("3 or more links of one email clicked within 2 s (mail scanner)", verdicts.Of(burst[0]).Reason);
        Assert.False(verdicts.Of(person).IsMachine);
    }

    [Fact]
    public void Repeated_links_slow_clicks_and_clicks_of_other_emails_are_no_burst()
    {
        EngagementEvent[] sameLink =
        [
            Click("a1", "m1", 100, "https://example.com/pricing"),
            Click("a2", "m1", 100, "https://example.com/pricing"),
            Click("a3", "m1", 101, "https://example.com/pricing"),
        ];
        EngagementEvent[] slow =
        [
            Click("b1", "m2", 100, "https://example.com/a"),
            Click("b2", "m2", 102, "https://example.com/b"),
            Click("b3", "m2", 104, "https://example.com/c"),
        ];
        EngagementEvent[] twoEmails =
        [
            Click("c1", "m3", 100, "https://example.com/a"),
            Click("c2", "m3", 100, "https://example.com/b"),
            Click("c3", "m4", 100, "https://example.com/c"),
        ];

        var verdicts = Rules.Classify([.. sameLink, .. slow, .. twoEmails]);

        Assert.Equal(0, verdicts.Count);
    }

    [Fact]
    public void Only_the_clicks_inside_a_burst_window_are_a_scanner_s()
    {
        var before = Click("c0", "m1", 90, "https://example.com/a");
        EngagementEvent[] window =
        [
            Click("c1", "m1", 100, "https://example.com/a"),
            Click("c2", "m1", 101, "https://example.com/b"),
            Click("c3", "m1", 102, "https://example.com/c"),
            Click("c4", "m1", 102, "https://example.com/d"),
        ];
        var after = Click("c5", "m1", 110, "https://example.com/e");

        var verdicts = Rules.Classify([after, .. window, before]);

        Assert.All(window, click => Assert.True(verdicts.Of(click).IsMachine));
        Assert.False(verdicts.Of(before).IsMachine);
        Assert.False(verdicts.Of(after).IsMachine);
    }

    [Theory]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36", "headlesschrome")]
    [InlineData("python-requests/2.31.0", "python-requests")]
    [InlineData("curl/8.5.0", "curl")]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "bot")]
    [InlineData("Proofpoint URL Defense", "proofpoint")]
    [InlineData("Mimecast URL Protect/1.0", "mimecast")]
    [InlineData("Barracuda Sentinel (EE)", "barracuda")]
    [InlineData("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36", "browser")]
    [InlineData("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", "browser")]
    [InlineData("Mozilla/5.0 (Linux; Android 10; CUBOT P40) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36", "browser")]
    [InlineData("Mozilla/5.0 (Linux; Android 9; Cubot_X19) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/98.0 Mobile Safari/537.36", "browser")]
    [InlineData("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "bot")]
    [InlineData("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "bot")]
    [InlineData("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "bot")]
    [InlineData("bot/1.0", "bot")]
    [InlineData("ubot/1.0", "bot")]
    [InlineData("Mozilla/5.0 (compatible; Yubot/1.0)", "bot")]
    [InlineData("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", "bot")]
    public void A_user_agent_is_kept_as_its_family_only(string userAgent, string family)
    {
        Assert.Equal(family, Rules.UserAgentFamily(userAgent));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_user_agent_has_no_family(string? userAgent)
    {
        Assert.Null(Rules.UserAgentFamily(userAgent));
    }

    [Fact]
    public void Only_the_first_thousand_characters_of_a_user_agent_are_read()
    {
        Assert.Equal("browser", Rules.UserAgentFamily(new string('x', 1_000) + "HeadlessChrome"));
        Assert.Equal("headlesschrome", Rules.UserAgentFamily("HeadlessChrome" + new string('x', 100_000)));
    }

    [Fact]
    public void An_event_of_an_automated_client_s_family_is_a_machine_s_on_any_type()
    {
        var page = Event("v1", "Page Viewed", 5, ("path", "/pricing"), (MachineEngagementClassifier.UserAgentFamilyProperty, "headlesschrome"));
        var browser = Event("v2", "Page Viewed", 5, ("path", "/pricing"), (MachineEngagementClassifier.UserAgentFamilyProperty, "browser"));

        var verdicts = Rules.Classify([page, browser]);

        Assert.Equal(MachineRule.UserAgent, verdicts.Of(page).RuleId);
        Assert.Equal("user agent of an automated client (headlesschrome)", verdicts.Of(page).Reason);
        Assert.False(verdicts.Of(browser).IsMachine);
    }

    [Fact]
    public void The_first_rule_that_matches_decides()
    {
        var open = Open("o1", 1, ("machineOpen", "true"), (MachineEngagementClassifier.UserAgentFamilyProperty, "curl"));
        var click = Click("c1", "m1", 62, "https://example.com/a", (MachineEngagementClassifier.UserAgentFamilyProperty, "curl"));

        var verdicts = Rules.Classify([Delivered("d1", "m1", 60), open, click]);

        Assert.Equal(MachineRule.AppleMailPrivacy, verdicts.Of(open).RuleId);
        Assert.Equal(MachineRule.UserAgent, verdicts.Of(click).RuleId);
    }

    [Fact]
    public void Other_settings_classify_the_same_stored_events_again()
    {
        var headless = Event("v1", "Page Viewed", 5, (MachineEngagementClassifier.UserAgentFamilyProperty, "headlesschrome"));
        var fast = Click("c1", "m1", 65, "https://example.com/a");
        EngagementEvent[] burst =
        [
            Click("b1", "m2", 500, "https://example.com/a"),
            Click("b2", "m2", 500, "https://example.com/b"),
            Click("b3", "m2", 501, "https://example.com/c"),
        ];
        EngagementEvent[] events = [Delivered("d1", "m1", 60), headless, fast, .. burst];
        var options = new EngagementOptions { MinSecondsAfterDelivery = 3, BurstLinks = 4 };
        options.UserAgentPatterns["headlesschrome"] = string.Empty;

        var changedRules = new MachineEngagementClassifier(options);
        var quick = Click("c2", "m1", 62, "https://example.com/b");

        Assert.Equal(5, Rules.Classify(events).Count);
        Assert.Equal(0, changedRules.Classify(events).Count);
        Assert.Equal("clicked within 3 s of delivery (mail scanner)", changedRules.Classify([.. events, quick]).Of(quick).Reason);
    }

    [Fact]
    public void Zero_seconds_after_delivery_switches_the_delivery_rule_off()
    {
        var click = Click("c1", "m1", 60, "https://example.com/a");

        var verdicts = new MachineEngagementClassifier(new EngagementOptions { MinSecondsAfterDelivery = 0 })
            .Classify([Delivered("d1", "m1", 60), click]);

        Assert.False(verdicts.Of(click).IsMachine);
    }

    [Fact]
    public void Events_without_the_properties_the_rules_read_are_a_person_s()
    {
        EngagementEvent[] events =
        [
            Event("e1", "Email Link Clicked", 1),
            Event("e2", "Email Opened", 1),
            Event("e3", "Email Delivered", 0),
            Click("e4", "m1", 1, url: null),
            Click("e5", "m1", 1, url: null),
            Click("e6", "m1", 1, url: null),
            Event("e7", "Email Link Clicked", 1, ("url", "https://example.com/a")),
        ];

        var verdicts = Rules.Classify(events);

        Assert.Equal(0, verdicts.Count);
        Assert.Same(MachineVerdicts.None, Rules.Classify([]));
    }

    [Fact]
    public void Classifying_a_lead_without_machine_events_or_deliveries_allocates_nothing()
    {
        // As the scoring benchmark's lead: page views, opens and clicks of nine emails, hours apart, no delivery events.
        string[] types = ["Page Viewed", EmailEventTypes.Opened, EmailEventTypes.LinkClicked, "Form Submitted"];
        var events = Enumerable.Range(0, 200)
            .Select(i => Event($"e{i}", types[i % types.Length], i * 3600, ("path", "/pricing"), ("emailId", "m" + (i % 9)), ("url", "u" + i)))
            .ToArray();
        Rules.Classify(events);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var verdicts = Rules.Classify(events);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Same(MachineVerdicts.None, verdicts);
        Assert.Equal(0, allocated);
    }

    private static EngagementEvent Open(string id, int seconds, params (string Key, string Value)[] properties) =>
        Event(id, EmailEventTypes.Opened, seconds, [("emailId", "m1"), .. properties]);

    private static EngagementEvent Click(string id, string emailId, int seconds, string? url, params (string Key, string Value)[] more) =>
        Event(id, EmailEventTypes.LinkClicked, seconds, [("emailId", emailId), .. url is null ? [] : new[] { ("url", url) }, .. more]);

    private static EngagementEvent Delivered(string id, string emailId, int seconds) =>
        Event(id, EmailEventTypes.Delivered, seconds, ("emailId", emailId));

    private static EngagementEvent Processed(string id, string emailId, int seconds) =>
        Event(id, EmailEventTypes.Sent, seconds, ("emailId", emailId));

    private static EngagementEvent Event(string id, string type, int seconds, params (string Key, string Value)[] properties) => new()
    {
        EventId = id,
        Type = type,
        OccurredAt = Sent.AddSeconds(seconds),
        Properties = properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase),
    };
}
