using Microsoft.Playwright;

namespace LeadFunctions.LocalHost.Tests.Sales;

/// <summary>
/// Debian's headless Chromium (<c>/usr/bin/chromium</c>), driven by Microsoft.Playwright. Never downloads a browser:
/// when the package is missing the fixture fails, telling how to install it (never skips).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: run apt-get install -y chromium (Debian's package; these tests never download a browser).");
        }

        _playwright = await Playwright.CreateAsync();

        // A launched (not persistent) browser gets a fresh temporary profile, removed when it closes.
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
            ],
        });
    }

    /// <summary>
    /// Where a test keeps its screenshots: <c>artifacts/</c> beside the test assembly (a stable path under the test output).
    /// </summary>
    public static string ArtifactPath(string fileName)
    {
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts"));
        return Path.Combine(directory.FullName, fileName);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
