using System.Diagnostics;
using System.Net.Mail;
using LeadFunctions.Email;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Testing;
using LeadFunctions.Testing.Maildev;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Email.Tests.Smtp;

/// <summary>The notifier against a real maildev: what arrives, and what happens when the relay is down or hangs.</summary>
[Collection(MaildevCollection.Name)]
public sealed class SmtpSalesNotifierTests(MaildevFixture maildev)
{
    private readonly MaildevInbox _inbox = new(maildev);

    [Fact]
    public async Task One_hand_off_is_one_multipart_email_to_the_routed_inbox()
    {
        var lead = TestLeads.Sql("<script>alert(1)</script>", country: "DE");
        var handoff = TestLeads.Handoff(lead);

        await Notifier(maildev.SmtpPort).NotifyAsync(lead, handoff);

        var (id, email) = Assert.Single(await _inbox.WaitForAsync(lead.LeadId, 1));
        Assert.Equal(["dach-sales@example.com"], email.To);
        Assert.Equal("New SQL: <script>alert(1)</script> (grade A)", email.Subject);
        Assert.Equal($"<{handoff.HandoffId}.{lead.LeadId}@leadfunctions>", email.MessageId);
        Assert.Equal($"{lead.LeadId}/{handoff.HandoffId}", email.Headers["x-leadfunctions-handoff"]);
        Assert.Equal("auto-generated", email.Headers["auto-submitted"]);
        Assert.Matches(@"\n  Company: +<script>alert\(1\)</script>\r?\n", email.Text);
        Assert.Contains("+30  Requested a demo (engagement)", email.Text, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", email.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"href=\"{TestLeads.Composer().LinkFor(handoff)}\"", email.Html, StringComparison.Ordinal);

        var source = await _inbox.SourceAsync(id);
        Assert.Contains("Content-Type: multipart/alternative;", source, StringComparison.Ordinal);
        Assert.True(
            source.IndexOf("Content-Type: text/plain; charset=utf-8", StringComparison.Ordinal) is var plain and > 0
            && source.IndexOf("Content-Type: text/html; charset=utf-8", StringComparison.Ordinal) > plain,
            "The plain-text part comes first and the HTML part last (the one clients prefer).");
        Assert.Contains("From: \"LeadFunctions\" <leads@example.com>", source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reminder_goes_to_the_inbox_the_hand_off_went_to_with_the_escalation_inbox_copied()
    {
        var lead = TestLeads.Sql(country: "US");
        var handoff = TestLeads.Handoff(lead) with
        {
            Status = HandoffStatus.Sent,
            SentAt = TestLeads.QualifiedAt,
            Recipient = "dach-sales@example.com",
        };
        var options = TestLeads.Notifications();
        options.EscalationRecipient = "sales-manager@example.com";
        var notifier = new SmtpSalesNotifier(
            SmtpSettings(maildev.SmtpPort, 5),
            Options.Create(new HandoffOptions { SlaHours = 24 }),
            TestLeads.Composer(options),
            new ListLogger<SmtpSalesNotifier>());

        await notifier.RemindAsync(lead, handoff);

        var (id, email) = Assert.Single(await _inbox.WaitForAsync(lead.LeadId, 1));
        Assert.Equal("Reminder: accept or reject Northwind (grade A)", email.Subject);
        Assert.Equal($"<reminder.{handoff.HandoffId}.{lead.LeadId}@leadfunctions>", email.MessageId);
        Assert.Equal(["dach-sales@example.com"], email.To);
        Assert.Matches(@"\nCc: sales-manager@example.com\r?\n", await _inbox.SourceAsync(id));
        Assert.Contains("neither accepted nor rejected within the SLA of 24 hours", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_a_hand_off_again_repeats_the_message_id_so_the_duplicate_is_recognisable()
    {
        var lead = TestLeads.Sql(country: "US", companySize: 5000);
        var handoff = TestLeads.Handoff(lead);
        var notifier = Notifier(maildev.SmtpPort);

        await notifier.NotifyAsync(lead, handoff);
        await notifier.NotifyAsync(lead, handoff with { Attempts = 2 }); // the crash window: the lease expired and the next run sends again

        var emails = await _inbox.WaitForAsync(lead.LeadId, 2);
        Assert.Equal(2, emails.Count);
        Assert.Single(emails.Select(e => e.Email.MessageId).Distinct());
        Assert.All(emails, e => Assert.Equal(["enterprise-sales@example.com"], e.Email.To));
    }

    [Fact]
    public async Task Smtp_down_throws_and_the_same_notifier_sends_once_the_relay_is_back()
    {
        var lead = TestLeads.Sql(country: "FR");
        var handoff = TestLeads.Handoff(lead);
        var port = FreePorts.Pick(1)[0];
        var logger = new ListLogger<SmtpSalesNotifier>();
        var notifier = Notifier(port, logger);

        var down = await Assert.ThrowsAsync<SmtpException>(() => notifier.NotifyAsync(lead, handoff));

        Assert.Equal("Socket:ConnectionRefused", SmtpSalesNotifier.ErrorKind(down));
        Assert.Contains(
            logger.Lines,
            line => line.StartsWith("Warning:", StringComparison.Ordinal)
                && line.Contains(lead.LeadId, StringComparison.Ordinal)
                && line.Contains("Socket:ConnectionRefused", StringComparison.Ordinal));
        Assert.Empty(await _inbox.EmailsOfAsync(lead.LeadId));

        await using (LoopbackServer.Forwarding(port, maildev.SmtpPort))
        {
            await notifier.NotifyAsync(lead, handoff);
        }

        var (_, email) = Assert.Single(await _inbox.WaitForAsync(lead.LeadId, 1));
        Assert.Equal(["sales@example.com"], email.To);
        AssertNoPersonalData(logger.Lines, lead);
    }

    [Fact]
    public async Task A_relay_that_never_answers_fails_within_the_timeout_as_a_failure_not_a_cancellation()
    {
        var lead = TestLeads.Sql();
        var logger = new ListLogger<SmtpSalesNotifier>();
        await using var hanging = LoopbackServer.Silent();
        var clock = Stopwatch.StartNew();

        // A TimeoutException, not a cancellation: the dispatcher treats cancellation as shutdown, not as a failed attempt.
        await Assert.ThrowsAsync<TimeoutException>(
            () => Notifier(hanging.Port, logger, timeoutSeconds: 1).NotifyAsync(lead, TestLeads.Handoff(lead)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"The send took {clock.Elapsed}.");
        Assert.Single(
            logger.Lines,
            line => line.StartsWith("Warning:", StringComparison.Ordinal)
                && line.Contains(lead.LeadId, StringComparison.Ordinal)
                && line.EndsWith(": Timeout ", StringComparison.Ordinal));
        AssertNoPersonalData(logger.Lines, lead);
    }

    [Fact]
    public async Task A_cancelled_send_is_reported_as_cancelled()
    {
        var lead = TestLeads.Sql();
        await using var hanging = LoopbackServer.Silent();
        using var shutdown = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Notifier(hanging.Port, timeoutSeconds: 30).NotifyAsync(lead, TestLeads.Handoff(lead), shutdown.Token));
    }

    [Fact]
    public async Task The_log_names_the_lead_and_hand_off_never_the_people()
    {
        var lead = TestLeads.Sql();
        var logger = new ListLogger<SmtpSalesNotifier>();

        await Notifier(maildev.SmtpPort, logger).NotifyAsync(lead, TestLeads.Handoff(lead));

        var line = Assert.Single(logger.Lines);
        Assert.Contains(lead.LeadId, line, StringComparison.Ordinal);
        AssertNoPersonalData(logger.Lines, lead);
    }

    internal static SmtpSalesNotifier Notifier(int port, ListLogger<SmtpSalesNotifier>? logger = null, int timeoutSeconds = 5) => new(
        SmtpSettings(port, timeoutSeconds),
        Options.Create(new HandoffOptions()),
        TestLeads.Composer(),
        logger ?? new ListLogger<SmtpSalesNotifier>());

    private static IOptions<SmtpOptions> SmtpSettings(int port, int timeoutSeconds) =>
        Options.Create(
            new SmtpOptions
            {
                Host = "127.0.0.1",
                Port = port,
                EnableSsl = false,
                FromAddress = "leads@example.com",
                TimeoutSeconds = timeoutSeconds,
            });

    private static void AssertNoPersonalData(IReadOnlyList<string> lines, Lead lead)
    {
        foreach (var personal in new[] { lead.Profile.Email, "example.com", "Dana", "Scully", lead.Profile.Phone!, lead.Profile.Company! })
        {
            Assert.DoesNotContain(lines, line => line.Contains(personal, StringComparison.OrdinalIgnoreCase));
        }
    }
}
