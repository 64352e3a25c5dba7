using System.Net;
using LeadFunctions.Http.Capture;
using Microsoft.Extensions.Options;

namespace LeadFunctions.LocalHost.Http;

/// <summary>
/// The client's address in the local host: the connection's, unless it comes from a proxy named in
/// <c>LocalHost__TrustedProxies</c>; then <c>X-Forwarded-For</c> is read from its last entry backwards, past every
/// trusted proxy, and the first address that is not one is the client (as ASP.NET Core's forwarded headers
/// middleware does with known proxies). With no trusted proxy the header is ignored: anyone can send it.
/// </summary>
internal sealed class TrustedProxyClientAddressSource(IOptions<LocalHostOptions> options) : IClientAddressSource
{
    private readonly IReadOnlyList<IPNetwork> _trusted = options.Value.GetTrustedProxyNetworks();

    public IPAddress GetClientAddress(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var connection = context.Connection.RemoteIpAddress ?? IPAddress.None;
        return ClientOf(connection, context.Request.Headers["X-Forwarded-For"].ToString(), _trusted);
    }

    /// <summary>The client behind <paramref name="connection"/>, given its <c>X-Forwarded-For</c> and the trusted proxies.</summary>
    internal static IPAddress ClientOf(IPAddress connection, string forwardedFor, IReadOnlyList<IPNetwork> trusted)
    {
        var address = Normalized(connection);
        if (forwardedFor.Length is 0 or >= PlatformClientAddressSource.MaxHeaderLength)
        {
            return address;
        }

        var entries = forwardedFor.Split(',', StringSplitOptions.TrimEntries);
        for (var i = entries.Length - 1; i >= 0 && IsTrusted(address, trusted); i--)
        {
            if (!IPEndPoint.TryParse(entries[i], out var hop))
            {
                return address; // a proxy wrote what it cannot have seen: keep the last address we can vouch for
            }

            address = Normalized(hop.Address);
        }

        return address;
    }

    private static bool IsTrusted(IPAddress address, IReadOnlyList<IPNetwork> trusted) =>
        trusted.Any(network => network.Contains(address));

    private static IPAddress Normalized(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
