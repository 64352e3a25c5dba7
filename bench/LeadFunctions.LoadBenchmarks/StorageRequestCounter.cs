using System.Diagnostics;

namespace LeadFunctions.LoadBenchmarks;

/// <summary>
/// Counts the HTTP requests this process sends to one storage endpoint while it lives, by method and resource, with
/// their mean latency: from HttpClient's own diagnostic events (the HttpRequestOut activity), so it sees the Azure SDK
/// clients' requests whatever their logging options (the app's clients do not emit per-request log events).
/// </summary>
internal sealed class StorageRequestCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string _authority;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _byKind = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, double> _latency = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _subscriptions = [];
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, System.Reflection.MethodInfo?> s_requestGetters = new();
    private int _count;

    public StorageRequestCounter(string authority)
    {
        _authority = authority;
        lock (_subscriptions)
        {
            _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Mean milliseconds from request to response, by kind.</summary>
    public IEnumerable<string> MeanLatencies =>
        _latency.Select(pair => $"{pair.Key} {pair.Value / Math.Max(1, _byKind.GetValueOrDefault(pair.Key)):F1} ms");

    /// <summary>Requests by method and resource (table or queue name), e.g. "GET Leads()".</summary>
    public IReadOnlyDictionary<string, int> ByKind => _byKind;

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "HttpHandlerDiagnosticListener")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(
                    value.Subscribe(this, name => name.StartsWith("System.Net.Http.HttpRequestOut", StringComparison.Ordinal)));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        var request = value.Value is { } payload ? RequestOf(payload) : null;
        if (request?.RequestUri is not { } uri || uri.Authority != _authority)
        {
            return;
        }

        var path = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault() ?? "";
        var kind = $"{request.Method.Method} {path.Split('(')[0]}{(path.Contains('(', StringComparison.Ordinal) ? "()" : "")}";
        if (value.Key == "System.Net.Http.HttpRequestOut.Start")
        {
            Interlocked.Increment(ref _count);
            _byKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
        }
        else if (value.Key == "System.Net.Http.HttpRequestOut.Stop" && Activity.Current is { } activity)
        {
            _latency.AddOrUpdate(kind, activity.Duration.TotalMilliseconds, (_, total) => total + activity.Duration.TotalMilliseconds);
        }
    }

    /// <summary>
    /// The request a diagnostic event's payload carries (HttpClient's internal start and stop types, each with a
    /// <c>Request</c> property), read through a getter found once per payload type. Looking the property up at every
    /// event made .NET build a new reflection stub whenever a GC had dropped its type cache, and the finalizer thread
    /// then spent most of a core destroying them, in the process that is being measured.
    /// </summary>
    private static HttpRequestMessage? RequestOf(object payload)
    {
        var getter = s_requestGetters.GetOrAdd(payload.GetType(), type => type.GetProperty("Request")?.GetMethod);
        return getter?.Invoke(payload, null) as HttpRequestMessage;
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(subscription => subscription.Dispose());
            _subscriptions.Clear();
        }
    }
}
