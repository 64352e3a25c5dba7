namespace LeadFunctions.Engagement;

/// <summary>
/// The ids of the machine-engagement rules, in the order <see cref="MachineEngagementClassifier"/> applies them (the
/// first that matches decides). They are stored (the lead's ignored events, the funnel's counters): never rename one.
/// </summary>
public static class MachineRule
{
    /// <summary>An open that Apple Mail Privacy Protection made on delivery (SendGrid <c>sg_machine_open: true</c>).</summary>
    public const string AppleMailPrivacy = "apple-mpp";

    /// <summary>An event whose user agent belongs to a family of automated clients (<c>Engagement__UserAgentPatterns</c>).</summary>
    public const string UserAgent = "user-agent";

    /// <summary>A click sooner than <c>Engagement__MinSecondsAfterDelivery</c> after its email was delivered.</summary>
    public const string AfterDelivery = "after-delivery";

    /// <summary><c>Engagement__BurstLinks</c> distinct links of one email clicked within <c>Engagement__BurstSeconds</c>.</summary>
    public const string LinkBurst = "link-burst";

    /// <summary>Every rule, in the order they are applied.</summary>
    public static IReadOnlyList<string> All { get; } = [AppleMailPrivacy, UserAgent, AfterDelivery, LinkBurst];
}
