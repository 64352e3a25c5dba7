
namespace LeadFunctions.Leads;

/// <summary>A stored lead: who it is, where it came from, and its latest score.</summary>
public sealed record Lead
{
    /// <summary>Opaque, random, safe to log (32 lower-case hex characters). Never derived from personal data.</summary>
    public required string LeadId { get; init; }

    public required LeadProfile Profile { get; init; }

    public LeadAttribution Attribution { get; init; } = LeadAttribution.None;

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The latest score; null until the lead has been scored once.</summary>
    public StoredScore? Score { get; init; }

    /// <summary>When sales was told about the lead's latest move into SQL (the hand-off email went out).</summary>
    public DateTimeOffset? SalesNotifiedAt { get; init; }

    public LeadStage Stage => Score?.Stage ?? LeadStage.Lead;

    /// <summary>The store's concurrency token for this version of the lead (opaque).</summary>
    public string? ETag { get; init; }

    /// <summary>Creates a new lead id: a version 7 GUID (time-ordered, random), as 32 hex characters.</summary>
    public static string NewLeadId(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N");
    }

    /// <summary>True for strings shaped like a lead id (so that hostile ids never reach storage).</summary>
    public static bool IsValidLeadId(string? value)
    {
        if (value is not { Length: 32 })
        {
            return false;
        }

        foreach (var character in value)
        {
            if (character is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
