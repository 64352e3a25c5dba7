using LeadFunctions.Leads;

namespace LeadFunctions.Email;

/// <summary>Picks the sales inbox of a lead: the first route that matches, else the default recipient.</summary>
public sealed class SalesRouter(NotificationOptions options)
{
    public string RecipientFor(LeadProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        foreach (var route in options.Routes)
        {
            if (route.Matches(profile))
            {
                return route.Recipient.Trim();
            }
        }

        return options.DefaultRecipient.Trim();
    }
}
