namespace LeadFunctions.Benchmarks.Baseline;

/// <summary>
/// Exponential decay in integer hundredths of a point: each event's points are decayed and rounded once, so sums are
/// exact and the same inputs always give the same score.
/// </summary>
internal static class BaselineDecayArithmetic
{
    /// <summary>2^(-age / half-life): 1 at age 0, 0.5 after one half-life, 0.125 after three; 1 when it does not decay.</summary>
    public static double Factor(double halfLifeTicks, long ageTicks) =>
        halfLifeTicks == 0 || ageTicks <= 0 ? 1 : double.Exp2(-ageTicks / halfLifeTicks);

    /// <summary>Decayed points in hundredths, rounded half away from zero: exact sums, no decimal arithmetic per event.</summary>
    public static long Apply(long cents, double factor) =>
        factor == 1 ? cents : (long)Math.Round(cents * factor, MidpointRounding.AwayFromZero);

    /// <summary>Hundredths as a decimal without trailing zeros, as the model's own numbers read ("20", "7.5", "1.25").</summary>
    public static decimal FromCents(long cents)
    {
        var magnitude = (ulong)Math.Abs(cents);
        byte scale = 2;
        if (magnitude % 100 == 0)
        {
            magnitude /= 100;
            scale = 0;
        }
        else if (magnitude % 10 == 0)
        {
            magnitude /= 10;
            scale = 1;
        }

        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, cents < 0, scale);
    }
}
