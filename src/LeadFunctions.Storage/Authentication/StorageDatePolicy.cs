using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;

namespace LeadFunctions.Storage.Authentication;

/// <summary>
/// Stamps every attempt with a fresh <c>x-ms-date</c> header (RFC 1123). It runs per retry, before the
/// Shared Key policy, so a retried request is signed with the time it is actually sent.
/// </summary>
internal sealed class StorageDatePolicy : HttpPipelineSynchronousPolicy
{
    public static readonly StorageDatePolicy Shared = new();

    private static CachedDate s_cached = new(0, string.Empty);

    private StorageDatePolicy()
    {
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        message.Request.Headers.SetValue(StorageHeaders.Date, Now());
    }

    /// <summary>The current UTC time in RFC 1123 form, formatted at most once per second.</summary>
    private static string Now()
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        long second = now.ToUnixTimeSeconds();
        CachedDate cached = Volatile.Read(ref s_cached);
        if (cached.Second == second)
        {
            return cached.Value;
        }

        string value = now.ToString("R", CultureInfo.InvariantCulture);
        Volatile.Write(ref s_cached, new CachedDate(second, value));
        return value;
    }

    private sealed record CachedDate(long Second, string Value);
}
