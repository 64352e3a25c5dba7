namespace LeadFunctions.Modeling;

/// <summary>
/// Solves with a symmetric positive definite matrix (a penalized Hessian) by its Cholesky factor: the stable, exact
/// and deterministic way for the few dozen to few hundred unknowns of a rule fit.
/// </summary>
internal static class Cholesky
{
    /// <summary>
    /// Factors <paramref name="matrix"/> (n x n, row-major) into its lower factor; false when it is not positive definite.
    /// </summary>
    public static bool TryFactor(double[] matrix, int n, out double[] lower)
    {
        lower = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = matrix[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= lower[(i * n) + k] * lower[(j * n) + k];
                }

                if (i == j)
                {
                    if (!(sum > 0) || !double.IsFinite(sum))
                    {
                        return false;
                    }

                    lower[(i * n) + i] = Math.Sqrt(sum);
                }
                else
                {
                    lower[(i * n) + j] = sum / lower[(j * n) + j];
                }
            }
        }

        return true;
    }

    /// <summary>x with L Lᵀ x = b.</summary>
    public static double[] Solve(double[] lower, int n, double[] b)
    {
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++)
            {
                sum -= lower[(i * n) + k] * y[k];
            }

            y[i] = sum / lower[(i * n) + i];
        }

        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= lower[(k * n) + i] * x[k];
            }

            x[i] = sum / lower[(i * n) + i];
        }

        return x;
    }

    /// <summary>The diagonal of (L Lᵀ)⁻¹: the variances of a fit's coefficients when the matrix is its Hessian.</summary>
    public static double[] InverseDiagonal(double[] lower, int n)
    {
        var diagonal = new double[n];
        var unit = new double[n];
        for (var i = 0; i < n; i++)
        {
            Array.Clear(unit);
            unit[i] = 1;
            diagonal[i] = Solve(lower, n, unit)[i];
        }

        return diagonal;
    }
}
