using System.Net.Http.Json;
using System.Text.Json;

namespace LeadFunctions.Testing.Maildev;

/// <summary>
/// Runs a real maildev (SMTP sink with a REST API) from the repository's <c>node_modules</c> on free loopback
/// ports. Tests send over SMTP to <see cref="SmtpPort"/> and read what arrived through <see cref="GetEmailsAsync"/>.
/// Fails (never skips) when maildev is not installed: run <c>npm ci</c> in the repository root.
/// </summary>
public sealed class MaildevFixture : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http = new();
    private NodeServerProcess? _server;
    private string? _workspace;

    public int SmtpPort { get; private set; }

    public Uri WebEndpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot.Find();
        var script = NodeServerProcess.RequireScript(root, "maildev", Path.Combine("dist", "bin", "maildev.js"));
        _workspace = Directory.CreateTempSubdirectory("maildev-").FullName;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var ports = FreePorts.Pick(2);
            SmtpPort = ports[0];
            WebEndpoint = new Uri($"http://127.0.0.1:{ports[1]}/");
            _server = NodeServerProcess.Start(
                script,
                [
                    "--ip", "127.0.0.1",
                    "--smtp", SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--web", ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--web-ip", "127.0.0.1",
                    "--mail-directory", _workspace,
                    "--silent",
                ],
                _workspace);
            if (await Readiness.WaitForHttpAsync([new Uri(WebEndpoint, "api/healthz")], _server, ReadyTimeout))
            {
                return;
            }

            var output = _server.OutputTail;
            await _server.DisposeAsync();
            _server = null;
            if (attempt == 3)
            {
                throw new InvalidOperationException($"maildev did not start. Its output:{Environment.NewLine}{output}");
            }
        }
    }

    /// <summary>Every email maildev has received (subject, recipients, headers, text and HTML parts).</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> GetEmailsAsync()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri(WebEndpoint, "api/email")));
        return [.. document.RootElement.EnumerateArray().Select(ReceivedEmail.From)];
    }

    /// <summary>Polls until at least <paramref name="count"/> emails arrived or the deadline passes.</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> WaitForEmailsAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var emails = await GetEmailsAsync();
            if (emails.Count >= count || DateTime.UtcNow > deadline)
            {
                return emails;
            }

            await Task.Delay(100);
        }
    }

    public async Task ClearAsync()
    {
        using var response = await _http.DeleteAsync(new Uri(WebEndpoint, "api/email/all"));
        response.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _http.Dispose();
        if (_workspace is not null && Directory.Exists(_workspace))
        {
            Directory.Delete(_workspace, recursive: true);
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}

/// <summary>One email as maildev's REST API reports it.</summary>
public sealed record ReceivedEmail(
    string Subject,
    IReadOnlyList<string> To,
    string? MessageId,
    string Text,
    string Html,
    IReadOnlyDictionary<string, string> Headers)
{
    public static ReceivedEmail From(JsonElement element)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (element.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in h.EnumerateObject())
            {
                headers[header.Name] = header.Value.ValueKind == JsonValueKind.String
                    ? header.Value.GetString()!
                    : header.Value.GetRawText();
            }
        }

        return new ReceivedEmail(
            element.TryGetProperty("subject", out var subject) ? subject.GetString() ?? string.Empty : string.Empty,
            element.TryGetProperty("to", out var to) ? [.. to.EnumerateArray().Select(t => t.GetProperty("address").GetString()!)] : [],
            headers.GetValueOrDefault("message-id"),
            element.TryGetProperty("text", out var text) ? text.GetString() ?? string.Empty : string.Empty,
            element.TryGetProperty("html", out var html) ? html.GetString() ?? string.Empty : string.Empty,
            headers);
    }
}
