namespace LeadFunctions.Leads;

/// <summary>Changes a stored lead's profile under optimistic concurrency: read, change, write if unchanged, retry.</summary>
internal static class LeadProfileUpdates
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Applies <paramref name="change"/> to the lead's profile and saves it, reading the lead again after each
    /// concurrent change. Returns the saved lead (or the lead as it was when the change changes nothing).
    /// </summary>
    public static async Task<Lead> UpdateAsync(
        ILeadRepository leads,
        Lead lead,
        Func<LeadProfile,
        LeadProfile> change,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var profile = change(lead.Profile);
            if (profile == lead.Profile)
            {
                return lead;
            }

            var updated = lead with { Profile = profile, UpdatedAt = timeProvider.GetUtcNow() };
            if (await leads.TryUpdateProfileAsync(updated, cancellationToken))
            {
                return updated;
            }

            if (attempt == MaxAttempts)
            {
                throw new LeadConcurrencyException(lead.LeadId);
            }

            lead = await leads.GetLeadAsync(lead.LeadId, cancellationToken) ?? throw new LeadNotFoundException(lead.LeadId);
        }
    }
}
