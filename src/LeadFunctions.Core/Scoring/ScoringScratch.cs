namespace LeadFunctions.Scoring;

/// <summary>
/// The working sets and list of one scoring, kept per thread and reused: otherwise every score of a lead with
/// hundreds of events allocates an id set, repeat-limit sets and a contribution list, together larger than the score
/// itself. Rented for one scoring and returned cleared; the sets of an unusually large lead are let go rather than
/// kept for the thread's lifetime.
/// </summary>
internal sealed class ScoringScratch
{
    /// <summary>Sets grown beyond this are not kept: clearing them would cost every small lead after a large one.</summary>
    internal const int MaxKeptEntries = 2048;

    [ThreadStatic]
    private static ScoringScratch? _cached;

    /// <summary>Per <c>oncePer</c> rule (by its slot), the property values that have counted; created when first used.</summary>
    private HashSet<string>?[] _repeatValues = [];

    /// <summary>Event ids seen so far (duplicates count once).</summary>
    public HashSet<string> EventIds { get; } = new(StringComparer.Ordinal);

    /// <summary>The fit contributions, then the caps and limits, before they are copied into the breakdown.</summary>
    public List<ScoreContribution> Contributions { get; } = [];

    /// <summary>This thread's scratch, empty; a new one when it is already rented (a scoring inside a scoring).</summary>
    public static ScoringScratch Rent()
    {
        var scratch = _cached ?? new ScoringScratch();
        _cached = null;
        return scratch;
    }

    /// <summary>Clears <paramref name="scratch"/> and keeps it for this thread's next scoring, unless it grew too large.</summary>
    public static void Return(ScoringScratch scratch)
    {
        if (scratch.EventIds.Capacity > MaxKeptEntries
            || Array.Exists(scratch._repeatValues, set => set is { Capacity: > MaxKeptEntries }))
        {
            return;
        }

        scratch.EventIds.Clear();
        foreach (var set in scratch._repeatValues)
        {
            set?.Clear();
        }

        scratch.Contributions.Clear();
        _cached = scratch;
    }

    /// <summary>
    /// The values of its <c>oncePer</c> property that have counted for the rule in <paramref name="slot"/> (0 for the
    /// model's first rule with a <c>oncePer</c>, 1 for the next...): compared ordinally, as the events carry them.
    /// </summary>
    public HashSet<string> RepeatValues(int slot)
    {
        if (slot >= _repeatValues.Length)
        {
            Array.Resize(ref _repeatValues, Math.Max(slot + 1, _repeatValues.Length * 2));
        }

        return _repeatValues[slot] ??= new HashSet<string>(StringComparer.Ordinal);
    }
}
