namespace LeadFunctions.Deployment.Tests.Bicep;

/// <summary>How one run of the Bicep CLI ended: exit code, standard output and standard error.</summary>
public sealed record BicepCliResult(IReadOnlyList<string> Arguments, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The command, its exit code and its error output, for a failure message.</summary>
    public override string ToString() =>
        $"bicep {string.Join(' ', Arguments)} exited with {ExitCode}.{Environment.NewLine}{StandardError}";
}
