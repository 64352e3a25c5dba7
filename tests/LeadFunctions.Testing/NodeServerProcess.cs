using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace LeadFunctions.Testing;

/// <summary>
/// A development server run with Node.js from the repository's <c>node_modules</c> (Azurite, maildev): starts it,
/// keeps the tail of its output for error messages, and kills its whole process tree.
/// </summary>
public sealed class NodeServerProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 40;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private NodeServerProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the server wrote (stdout and stderr).</summary>
    public string OutputTail => string.Join(Environment.NewLine, _output);

    /// <summary>
    /// The path of a package's script under <c>node_modules</c>, failing with the fix when the package is not
    /// installed: tests never skip because a server is missing.
    /// </summary>
    public static string RequireScript(string repositoryRoot, string package, string relativeScript)
    {
        string script = Path.Combine(repositoryRoot, "node_modules", package, relativeScript);
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"{package} is not installed ({script} is missing): run `npm ci` in the repository root ({repositoryRoot}).");
        }

        return script;
    }

    /// <summary>Starts <c>node script arguments…</c> in <paramref name="workingDirectory"/>.</summary>
    public static NodeServerProcess Start(string script, IEnumerable<string> arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        startInfo.ArgumentList.Add(script);
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var server = new NodeServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            process.Dispose();
            throw new InvalidOperationException("Node.js ('node') was not found on PATH: install Node.js 20 or later.", exception);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Kills the process tree and waits (up to 10 s) for it to exit.</summary>
    public async Task StopAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept && _output.TryDequeue(out _))
        {
        }
    }
}
