namespace LeadFunctions.Modeling;

/// <summary>The candidates rule discovery found, and per lead (in the order of the outcomes read) the candidates it has.</summary>
/// <param name="Candidates">The candidate rules, most supported first.</param>
/// <param name="PerLead">Per outcome, the indexes of its candidates, ascending.</param>
public sealed record DiscoveredFeatures(IReadOnlyList<DiscoveryCandidate> Candidates, IReadOnlyList<int[]> PerLead)
{
    /// <summary>No candidate for any of <paramref name="leads"/> leads.</summary>
    public static DiscoveredFeatures None(int leads) => new([], [.. Enumerable.Repeat(Array.Empty<int>(), leads)]);
}
