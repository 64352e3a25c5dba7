using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace LeadFunctions.Deployment.Tests.Bicep;

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package (version pinned in Directory.Packages.props), which
/// restoring this project brings; the project file writes the binary's path into the assembly as metadata "BicepPath".
/// </summary>
public sealed class BicepCli
{
    private const string PathMetadataKey = "BicepPath";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private BicepCli(string path)
    {
        ExecutablePath = path;
    }

    public string ExecutablePath { get; }

    /// <summary>The restored CLI, made executable if NuGet's extraction dropped the executable bit.</summary>
    /// <exception cref="InvalidOperationException">The package is not restored.</exception>
    /// <exception cref="PlatformNotSupportedException">Not on linux-x64, the only platform the package serves.</exception>
    public static BicepCli FromPackage()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(metadata => metadata.Key == PathMetadataKey)?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI is not at '{path}': restore tests/LeadFunctions.Deployment.Tests (dotnet restore), which brings the " +
                "Azure.Bicep.CommandLine.linux-x64 package.");
        }

        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            throw new PlatformNotSupportedException(
                $"The deployment tests run the Bicep CLI from Azure.Bicep.CommandLine.linux-x64, which runs on linux-x64 only (this " +
                $"is {RuntimeInformation.RuntimeIdentifier}).");
        }

        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | execute);
        }

        return new BicepCli(path);
    }

    /// <summary>Runs <c>bicep arguments…</c> to its end (at most two minutes) and returns its exit code and output.</summary>
    /// <exception cref="TimeoutException">Bicep ran longer than two minutes; it is killed.</exception>
    public async Task<BicepCliResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{ExecutablePath} did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RunTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return new BicepCliResult(arguments, process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} ran longer than {RunTimeout}.", exception);
        }
    }
}
