using System.Collections.Concurrent;

namespace LeadFunctions.Visitors;

/// <summary>
/// The visitors this instance saw join a lead, so that their later events go straight to the lead without asking the
/// visitor store first. Safe to keep because a join never changes: a visitor joins one lead for good (until that lead is
/// erased, which the next write to it reveals: the caller then forgets the entry). Bounded: when full it starts again.
/// </summary>
public sealed class JoinedVisitors
{
    /// <summary>Entries kept (about 1 MB): the visitors of a busy site's last few minutes.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<VisitorKey, string> _leads = new();

    public string? LeadOf(VisitorKey visitor) => _leads.TryGetValue(visitor, out var leadId) ? leadId : null;

    public void Remember(VisitorKey visitor, string leadId)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        if (_leads.Count >= Capacity)
        {
            _leads.Clear();
        }

        _leads[visitor] = leadId;
    }

    public void Forget(VisitorKey visitor) => _leads.TryRemove(visitor, out _);
}
