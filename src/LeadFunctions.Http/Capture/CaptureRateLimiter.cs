using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Http.Capture;

/// <summary>
/// A per-client limit on the public form route (a token bucket per <see cref="RateLimitKey"/>: an IPv4 address, or an
/// IPv6 /64). It lives in the endpoint, so both hosts enforce it the same way; each host says where the client's
/// address is (<see cref="IClientAddressSource"/>). On a scaled-out Function App each instance keeps its own buckets,
/// so the effective limit is the setting times the number of instances.
/// </summary>
public sealed class CaptureRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress> _limiter;
    private readonly IClientAddressSource _clients;
    private readonly TimeSpan _window;

    public CaptureRateLimiter(IOptions<CaptureOptions> options, IClientAddressSource clients)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clients);
        _clients = clients;
        var perMinute = options.Value.RateLimitPerMinute;
        _window = TimeSpan.FromMinutes(1);
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(key => RateLimitPartition.GetTokenBucketLimiter(
            key,
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
        using var lease = _limiter.AttemptAcquire(RateLimitKey.Of(_clients.GetClientAddress(context)));
        if (lease.IsAcquired)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : _window;
        return false;
    }

    public void Dispose() => _limiter.Dispose();
}
