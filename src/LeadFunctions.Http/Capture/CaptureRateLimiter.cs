using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Http.Capture;

/// <summary>
/// A per-client-IP limit on the public form route (a token bucket per address). It lives in the endpoint, so both
/// hosts enforce it the same way; on a scaled-out Function App each instance keeps its own buckets, so the effective
/// limit is the setting times the number of instances.
/// </summary>
public sealed class CaptureRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _limiter;
    private readonly TimeSpan _window;

    public CaptureRateLimiter(IOptions<CaptureOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var perMinute = options.Value.RateLimitPerMinute;
        _window = TimeSpan.FromMinutes(1);
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetTokenBucketLimiter(
            address,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perMinute,
                TokensPerPeriod = perMinute,
                ReplenishmentPeriod = _window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public bool TryAcquire(HttpContext context, out TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var lease = _limiter.AttemptAcquire(ClientAddress(context));
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _window;
        return false;
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>
    /// The client's address. Behind the Functions front end every request comes from the platform's proxy, which
    /// appends the client's address to <c>X-Forwarded-For</c>: its last entry is the one a client cannot forge.
    /// Without the header (the local host), the connection's own address.
    /// </summary>
    internal static IPAddress ClientAddress(HttpContext context)
    {
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        if (forwarded.Length is > 0 and < 1024)
        {
            var last = forwarded[(forwarded.LastIndexOf(',') + 1)..].Trim();
            if (IPEndPoint.TryParse(last, out var endpoint))
            {
                return endpoint.Address;
            }
        }

        return context.Connection.RemoteIpAddress ?? IPAddress.None;
    }
}
