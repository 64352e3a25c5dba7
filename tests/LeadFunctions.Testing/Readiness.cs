using System.Diagnostics;

namespace LeadFunctions.Testing;

/// <summary>Polls HTTP endpoints until each answers (any status) or a deadline passes.</summary>
public static class Readiness
{
    private static readonly HttpClient s_http = new(new SocketsHttpHandler { UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>
    /// Returns once every endpoint answers an HTTP GET; false when <paramref name="server"/> exits first;
    /// throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<bool> WaitForHttpAsync(IReadOnlyList<Uri> endpoints, NodeServerProcess server, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var pending = new List<Uri>(endpoints);
        while (pending.Count > 0)
        {
            if (server.HasExited)
            {
                return false;
            }

            for (int i = pending.Count - 1; i >= 0; i--)
            {
                if (await AnswersAsync(pending[i]))
                {
                    pending.RemoveAt(i);
                }
            }

            if (pending.Count == 0)
            {
                break;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException(
                    $"{string.Join(", ", pending)} did not answer within {timeout.TotalSeconds:0} s. Server " +
                    $"output:{Environment.NewLine}{server.OutputTail}");
            }

            await Task.Delay(100);
        }

        return true;
    }

    private static async Task<bool> AnswersAsync(Uri endpoint)
    {
        try
        {
            using HttpResponseMessage response = await s_http.GetAsync(endpoint);
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
