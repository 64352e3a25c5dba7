namespace LeadFunctions.Modeling;

/// <summary>
/// Which leads a fit holds out to judge itself on: decided by a hash of the lead id (64-bit FNV-1a with a final mix, the same in every
/// process, unlike <see cref="string.GetHashCode()"/>), so a lead is always on the same side and a second fit over
/// the same leads splits them the same way. No randomness.
/// </summary>
public static class HeldOutSplit
{
    private const int Buckets = 10_000;
    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;
    private const ulong MixMultiplier = 0xff51afd7ed558ccd;

    /// <summary>True for about <paramref name="fraction"/> of lead ids (0 holds none out, 1 all).</summary>
    public static bool IsHeldOut(string leadId, double fraction)
    {
        ArgumentNullException.ThrowIfNull(leadId);
        return Bucket(leadId) < fraction * Buckets;
    }

    /// <summary>The lead id's bucket, 0..9,999.</summary>
    private static int Bucket(string leadId)
    {
        var hash = OffsetBasis;
        foreach (var character in leadId)
        {
            hash = (hash ^ character) * Prime;
        }

        // FNV's low bits depend only on the inputs' low bits: mix the high bits in before taking the remainder.
        hash ^= hash >> 33;
        hash *= MixMultiplier;
        hash ^= hash >> 33;
        return (int)(hash % Buckets);
    }
}
