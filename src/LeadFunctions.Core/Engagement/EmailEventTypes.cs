namespace LeadFunctions.Engagement;

/// <summary>
/// The email event types the machine-engagement rules read, in the model's (Segment's) vocabulary. Providers map their
/// own events to these (SendGrid: open, click, delivered, processed).
/// </summary>
public static class EmailEventTypes
{
    public const string Opened = "Email Opened";

    public const string LinkClicked = "Email Link Clicked";

    /// <summary>The receiving server accepted the email (SendGrid <c>delivered</c>); not scored.</summary>
    public const string Delivered = "Email Delivered";

    /// <summary>The provider accepted the email for sending (SendGrid <c>processed</c>); not scored.</summary>
    public const string Sent = "Email Sent";

    /// <summary>The property that names the email (the send) an event belongs to.</summary>
    public const string EmailIdProperty = "emailId";

    /// <summary>The property of a click that holds the link clicked.</summary>
    public const string UrlProperty = "url";

    /// <summary>The property of an open that says a mail privacy proxy opened it ("true"): SendGrid's <c>sg_machine_open</c>.</summary>
    public const string MachineOpenProperty = "machineOpen";
}
