using System.Net;
using System.Net.Sockets;

namespace LeadFunctions.Http.Capture;

/// <summary>
/// The bucket of a client address in the form route's rate limit. An IPv4 address is its own bucket; an IPv6 address
/// counts as its /64 (one subscriber's network: a client given a /64 has 2^64 addresses to rotate through); an
/// IPv4-mapped IPv6 address (::ffff:203.0.113.7) is the IPv4 address it maps.
/// </summary>
public static class RateLimitKey
{
    /// <summary>The prefix of an IPv6 address that names one bucket.</summary>
    public const int Ipv6PrefixLength = 64;

    public static IPAddress Of(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[(Ipv6PrefixLength / 8)..].Clear();
        return new IPAddress(bytes); // no scope id: fe80::1%2 and fe80::1%3 are one bucket
    }
}
