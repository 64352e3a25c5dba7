namespace LeadFunctions.Modeling;

/// <summary>
/// A fitted L2-regularised logistic regression: log-odds of winning = <see cref="Intercept"/> + Σ weightᵢ · featureᵢ.
/// </summary>
/// <param name="Intercept">The log-odds of a lead with no feature set (not penalized).</param>
/// <param name="Weights">Per feature, its change of the log-odds per unit.</param>
/// <param name="StandardErrors">
/// Per feature, the square root of the inverse penalized Hessian's diagonal at the fit: how far the weight could move
/// for the same data.
/// </param>
/// <param name="Iterations">Newton steps taken.</param>
/// <param name="Converged">True when the last step moved no coefficient by more than the tolerance.</param>
public sealed record LogisticFit(
    double Intercept,
    IReadOnlyList<double> Weights,
    IReadOnlyList<double> StandardErrors,
    int Iterations,
    bool Converged)
{
    /// <summary>The fitted log-odds of one lead.</summary>
    public double Predict(FeatureRow row) => row.Predict(Intercept, Weights);
}
