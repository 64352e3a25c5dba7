using LeadFunctions.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.ModelVersions;

/// <summary>
/// The background side of the live model: at start, seeds an empty registry and loads the live version before the host
/// serves (a storage outage then is logged, and the deployed model is used until the next read succeeds); afterwards
/// reads the live pointer every <see cref="ModelVersionOptions.LiveRefreshSeconds"/>. The hot path never reads storage.
/// </summary>
public sealed partial class LiveModelFollower(
    LiveModelRefresher refresher,
    IOptions<ModelVersionOptions> options,
    TimeProvider timeProvider,
    ILogger<LiveModelFollower> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshQuietlyAsync(cancellationToken);
        _loop = FollowAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is { } loop)
        {
            await loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task FollowAsync(CancellationToken stopping)
    {
        var interval = TimeSpan.FromSeconds(options.Value.LiveRefreshSeconds);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, timeProvider, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await RefreshQuietlyAsync(stopping);
        }
    }

    private async Task RefreshQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await refresher.RefreshAsync(cancellationToken);
        }
#pragma warning disable CA1031 // Storage down or a bad stored document: keep scoring with the model in use, try again later.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogRefreshFailed(logger, RedactedException.From(exception), refresher.CurrentVersion);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live model pointer could not be read; still scoring with {ModelVersion}")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string modelVersion);
}
