using System.Net;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Http.Capture;

/// <summary>
/// The client's address in the Function App. Behind the Functions front end every request comes from the platform's
/// proxy, which appends the client's address to <c>X-Forwarded-For</c>: its last entry is the one a client cannot
/// forge. Without the header, the connection's own address.
/// </summary>
public sealed class PlatformClientAddressSource : IClientAddressSource
{
    /// <summary>A longer header is not read (nothing the front end writes is that long).</summary>
    public const int MaxHeaderLength = 1024;

    public IPAddress GetClientAddress(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        if (forwarded.Length is > 0 and < MaxHeaderLength)
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
