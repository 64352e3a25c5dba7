namespace LeadFunctions.Backtesting;

/// <summary>How many leads of a group were won and how many were not (lost or disqualified).</summary>
public readonly record struct ClassCounts(long Won, long NotWon)
{
    public long Total => Won + NotWon;

    /// <summary>The share of the group that was won; null for an empty group (no rate to report, rather than 0).</summary>
    public double? WinRate => Total == 0 ? null : (double)Won / Total;

    public ClassCounts Add(bool won) => won ? this with { Won = Won + 1 } : this with { NotWon = NotWon + 1 };

    public static ClassCounts operator +(ClassCounts left, ClassCounts right) =>
        new(left.Won + right.Won, left.NotWon + right.NotWon);

    public static ClassCounts Add(ClassCounts left, ClassCounts right) => left + right;
}
