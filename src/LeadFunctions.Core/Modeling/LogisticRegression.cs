namespace LeadFunctions.Modeling;

/// <summary>
/// L2-regularised logistic regression fitted by Newton–Raphson (iteratively reweighted least squares): maximizes
/// Σ log-likelihood − λ/2 · Σ wᵢ² (the intercept is not penalized). Deterministic: no randomness, a fixed order of
/// summation, a fixed iteration budget and tolerance, so the same data always give the same coefficients. The penalty
/// keeps the weights finite even when the outcomes are perfectly separable, and makes the Hessian positive definite
/// even when two features always move together.
/// </summary>
public static class LogisticRegression
{
    /// <summary>Newton steps at most; a penalized fit usually converges in under ten.</summary>
    public const int MaxIterations = 50;

    /// <summary>Converged when no coefficient moves by more than this (relative to the largest) in a step.</summary>
    public const double Tolerance = 1e-8;

    /// <summary>Times a step is halved when it would lower the penalized likelihood (it seldom is).</summary>
    private const int MaxStepHalvings = 30;

    /// <summary>Fits the weights of <paramref name="featureCount"/> features to the outcomes.</summary>
    /// <param name="rows">Per lead, its features.</param>
    /// <param name="won">Per lead (same order), its outcome.</param>
    /// <param name="featureCount">How many features (weights) there are.</param>
    /// <param name="lambda">The L2 penalty; greater than 0.</param>
    public static LogisticFit Fit(IReadOnlyList<FeatureRow> rows, IReadOnlyList<bool> won, int featureCount, double lambda)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(won);
        ArgumentOutOfRangeException.ThrowIfNotEqual(won.Count, rows.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(featureCount);
        if (!(lambda > 0) || !double.IsFinite(lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "The penalty must be a finite number greater than 0.");
        }

        var n = featureCount + 1; // the intercept first, then the weights
        var beta = new double[n];
        var objective = Objective(rows, won, beta, lambda);
        var iterations = 0;
        var converged = false;
        while (iterations < MaxIterations && !converged)
        {
            iterations++;
            var (gradient, hessian) = Derivatives(rows, won, beta, lambda);
            if (!Cholesky.TryFactor(hessian, n, out var lower))
            {
                break;
            }

            var step = Cholesky.Solve(lower, n, gradient);
            converged = step.Max(Math.Abs) <= Tolerance * (1 + beta.Max(Math.Abs));
            (beta, objective) = TakeStep(rows, won, beta, step, objective, lambda);
        }

        return new LogisticFit(beta[0], beta[1..], StandardErrors(rows, won, beta, lambda), iterations, converged);
    }

    /// <summary>
    /// The Newton step, halved while it would lower the penalized likelihood, so each step improves the fit. Returns the
    /// new coefficients and their objective.
    /// </summary>
    private static (double[] Beta, double Objective) TakeStep(
        IReadOnlyList<FeatureRow> rows,
        IReadOnlyList<bool> won,
        double[] beta,
        double[] step,
        double objective,
        double lambda)
    {
        var scale = 1.0;
        for (var halving = 0; halving <= MaxStepHalvings; halving++, scale /= 2)
        {
            var candidate = new double[beta.Length];
            for (var i = 0; i < beta.Length; i++)
            {
                candidate[i] = beta[i] + (scale * step[i]);
            }

            // Near the optimum a step changes the objective by less than its rounding: accept that as no worse.
            var value = Objective(rows, won, candidate, lambda);
            if (value >= objective - (1e-12 * Math.Abs(objective)))
            {
                return (candidate, value);
            }
        }

        return (beta, objective);
    }

    /// <summary>The penalized log-likelihood: Σ (y·η − log(1 + e^η)) − λ/2 · Σ wᵢ².</summary>
    private static double Objective(IReadOnlyList<FeatureRow> rows, IReadOnlyList<bool> won, double[] beta, double lambda)
    {
        var sum = 0.0;
        var weights = beta[1..];
        for (var r = 0; r < rows.Count; r++)
        {
            var eta = rows[r].Predict(beta[0], weights);
            sum += (won[r] ? eta : 0) - Softplus(eta);
        }

        return sum - (lambda / 2 * SumOfSquaredWeights(beta));
    }

    /// <summary>The gradient of the penalized log-likelihood and its negative Hessian (row-major, positive definite).</summary>
    private static (double[] Gradient, double[] Hessian) Derivatives(
        IReadOnlyList<FeatureRow> rows,
        IReadOnlyList<bool> won,
        double[] beta,
        double lambda)
    {
        var n = beta.Length;
        var gradient = new double[n];
        var hessian = new double[n * n];
        var weights = beta[1..];
        foreach (var (row, outcome) in rows.Zip(won))
        {
            var p = Sigmoid(row.Predict(beta[0], weights));
            AddRow(row, (outcome ? 1 : 0) - p, p * (1 - p), gradient, hessian, n);
        }

        for (var i = 1; i < n; i++)
        {
            gradient[i] -= lambda * beta[i];
            hessian[(i * n) + i] += lambda;
        }

        return (gradient, hessian);
    }

    /// <summary>Adds one lead's residual to the gradient and its weight to the Hessian; the intercept's feature is 1.</summary>
    private static void AddRow(FeatureRow row, double residual, double weight, double[] gradient, double[] hessian, int n)
    {
        gradient[0] += residual;
        hessian[0] += weight;
        for (var a = 0; a < row.Indexes.Length; a++)
        {
            var i = row.Indexes[a] + 1;
            var xi = row.Values[a];
            gradient[i] += residual * xi;
            hessian[i] += weight * xi;
            hessian[i * n] += weight * xi;
            for (var b = 0; b < row.Indexes.Length; b++)
            {
                hessian[(i * n) + row.Indexes[b] + 1] += weight * xi * row.Values[b];
            }
        }
    }

    /// <summary>Per weight, √ of the inverse penalized Hessian's diagonal at the fit; NaN when it cannot be inverted.</summary>
    private static double[] StandardErrors(IReadOnlyList<FeatureRow> rows, IReadOnlyList<bool> won, double[] beta, double lambda)
    {
        var n = beta.Length;
        var (_, hessian) = Derivatives(rows, won, beta, lambda);
        if (!Cholesky.TryFactor(hessian, n, out var lower))
        {
            return [.. Enumerable.Repeat(double.NaN, n - 1)];
        }

        return [.. Cholesky.InverseDiagonal(lower, n).Skip(1).Select(Math.Sqrt)];
    }

    private static double SumOfSquaredWeights(double[] beta)
    {
        var sum = 0.0;
        for (var i = 1; i < beta.Length; i++)
        {
            sum += beta[i] * beta[i];
        }

        return sum;
    }

    /// <summary>1 / (1 + e^−η), without overflow for large |η|.</summary>
    private static double Sigmoid(double eta) => eta >= 0 ? 1 / (1 + Math.Exp(-eta)) : Math.Exp(eta) / (1 + Math.Exp(eta));

    /// <summary>log(1 + e^η), without overflow for large |η|.</summary>
    private static double Softplus(double eta) => Math.Max(eta, 0) + Math.Log(1 + Math.Exp(-Math.Abs(eta)));
}
