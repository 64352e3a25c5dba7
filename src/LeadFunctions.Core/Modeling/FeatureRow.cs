namespace LeadFunctions.Modeling;

/// <summary>
/// One lead's features, sparse: most leads activate a handful of a model's rules, so only those are kept (indexes in
/// ascending order, each with its value). Keeps a fit over 50,000 leads and hundreds of rules small in memory.
/// </summary>
/// <param name="Indexes">The features that are not zero, ascending.</param>
/// <param name="Values">Their values (same order).</param>
public readonly record struct FeatureRow(int[] Indexes, double[] Values)
{
    /// <summary>A lead with no feature set.</summary>
    public static FeatureRow Empty { get; } = new([], []);

    /// <summary>The linear predictor: <paramref name="intercept"/> plus the weighted sum of the features.</summary>
    public double Predict(double intercept, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var eta = intercept;
        for (var k = 0; k < Indexes.Length; k++)
        {
            eta += weights[Indexes[k]] * Values[k];
        }

        return eta;
    }
}
