namespace LeadFunctions.Backtesting;

/// <summary>
/// A range of total scores that conversion is reported for: Einstein's bands 0-20, 21-40, 41-60, 61-80, 81-100, then
/// "above 100" and "below 0" (negative scores are allowed). Scores have decimals, so a band holds the scores above the
/// previous band's upper bound up to its own: 20.5 is in 21-40.
/// </summary>
public sealed record ScoreBand(string Name, decimal? Above, decimal? UpTo)
{
    public static IReadOnlyList<ScoreBand> All { get; } =
    [
        new("below 0", null, -0.01m),
        new("0-20", -0.01m, 20),
        new("21-40", 20, 40),
        new("41-60", 40, 60),
        new("61-80", 60, 80),
        new("81-100", 80, 100),
        new("above 100", 100, null),
    ];

    public bool Contains(decimal score) => (Above is null || score > Above) && (UpTo is null || score <= UpTo);

    public static ScoreBand Of(decimal score) => All.First(band => band.Contains(score));
}
