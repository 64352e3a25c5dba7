using System.Globalization;
using System.Text;
using LeadFunctions.Leads;
using LeadFunctions.Scoring;

namespace LeadFunctions.Email;

/// <summary>
/// How the hand-off email words its values (links, reasons, events, numbers, times), and its text/plain part. The HTML
/// part (Templates/HandoffEmail.razor) uses the same wording.
/// </summary>
internal static class SalesEmailText
{
    /// <summary>The heading of what the scores ignored because machines made it.</summary>
    public const string IgnoredTitle = "Ignored (made by machines, no points)";

    public static string PlainText(EmailBody body)
    {
        var text = new StringBuilder();
        text.Append(body.Subject).Append("\n\n");
        if (body.Intro is not null)
        {
            text.Append(body.Intro).Append("\n\n");
        }

        text.Append(SalesEmailComposer.ActionLine).Append(": ").Append(body.Link).Append('\n')
            .Append(LinkNote(body.LinkExpiresAt)).Append("\n\n");
        foreach (var section in body.Facts)
        {
            text.Append(section.Title).Append('\n');
            var width = section.Facts.Max(fact => fact.Label.Length) + 2;
            foreach (var fact in section.Facts)
            {
                text.Append("  ").Append((fact.Label + ":").PadRight(width)).Append(fact.Value).Append('\n');
            }

            text.Append('\n');
        }

        text.Append("Why this lead is an SQL\n");
        foreach (var reason in body.Reasons)
        {
            text.Append("  ").Append(Points(reason.Points).PadLeft(7)).Append("  ").Append(ReasonText(reason)).Append('\n');
        }

        AppendNone(text, body.Reasons.Count);
        text.Append("\nRecent high-intent events\n");
        foreach (var recent in body.Events)
        {
            text.Append("  ").Append(Utc(recent.OccurredAt!.Value)).Append("  ").Append(EventText(recent)).Append('\n');
        }

        AppendNone(text, body.Events.Count);
        if (body.Ignored.Count > 0)
        {
            text.Append('\n').Append(IgnoredTitle).Append('\n');
            foreach (var ignored in body.Ignored)
            {
                text.Append("  ").Append(ignored.Summary).Append('\n');
            }
        }

        text.Append('\n').Append(SalesEmailComposer.ActionLine).Append(": ").Append(body.Link).Append('\n');
        return text.ToString();
    }

    public static string LinkNote(DateTimeOffset expiresAt) =>
        $"The link opens the lead's page, where you accept or reject it, without a login until {Utc(expiresAt)}. "
        + "Anyone with the link can act on the lead: do not forward this email.";

    public static string ReasonText(RuleContribution reason)
    {
        var label = MailText.OneLine(reason.Label) ?? reason.RuleId;
        var kind = reason.Kind == ScoreKind.Fit ? "fit" : "engagement";
        return reason.Events > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{label} ({kind}, {reason.Events} events)")
            : $"{label} ({kind})";
    }

    public static string EventText(ScoreContribution recent) =>
        $"{MailText.OneLine(recent.Label) ?? recent.RuleId} ({Points(recent.Points)})";

    public static string Bant(BantStatus bant)
    {
        var met = new[] { bant.Budget, bant.Authority, bant.Need, bant.Timeline }.Count(value => value);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{met} of 4: budget {YesNo(bant.Budget)}, authority {YesNo(bant.Authority)}, "
            + $"need {YesNo(bant.Need)}, timeline {YesNo(bant.Timeline)}");
    }

    private static void AppendNone(StringBuilder text, int count)
    {
        if (count == 0)
        {
            text.Append("  (none)\n");
        }
    }

    private static string YesNo(bool value) => value ? "yes" : "no";

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Points(decimal value) => value.ToString("+0.##;-0.##;0", CultureInfo.InvariantCulture);

    public static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
