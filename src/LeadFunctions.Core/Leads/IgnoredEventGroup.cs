using System.Globalization;
using LeadFunctions.Engagement;

namespace LeadFunctions.Leads;

/// <summary>
/// How many of a lead's events of one type one machine rule left out of the score, for one reason, with the sentence
/// people read: "3 clicks ignored: clicked within 10 s of delivery (mail scanner)".
/// </summary>
/// <param name="Type">The events' type ("Email Link Clicked").</param>
/// <param name="RuleId">The machine rule (<see cref="MachineRule"/>).</param>
/// <param name="Reason">The rule's reason.</param>
/// <param name="Count">How many events.</param>
public sealed record IgnoredEventGroup(string Type, string RuleId, string Reason, int Count)
{
    /// <summary>"3 clicks ignored: clicked within 10 s of delivery (mail scanner)".</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture, $"{Count} {Noun(Type, Count)} ignored: {Reason}");

    private static string Noun(string type, int count)
    {
        var one = count == 1;
        if (string.Equals(type, EmailEventTypes.Opened, StringComparison.OrdinalIgnoreCase))
        {
            return one ? "open" : "opens";
        }

        if (string.Equals(type, EmailEventTypes.LinkClicked, StringComparison.OrdinalIgnoreCase))
        {
            return one ? "click" : "clicks";
        }

        return type + (one ? " event" : " events");
    }
}
