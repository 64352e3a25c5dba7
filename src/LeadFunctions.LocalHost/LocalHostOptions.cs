using System.ComponentModel.DataAnnotations;
using System.Net;

namespace LeadFunctions.LocalHost;

/// <summary>Settings only the local host reads (section <c>LocalHost</c>).</summary>
public sealed class LocalHostOptions : IValidatableObject
{
    public const string SectionName = "LocalHost";

    /// <summary>The key for function-level routes and the admin route (in Azure the Functions host manages keys).</summary>
    [Required]
    [MinLength(16)]
    public string FunctionKey { get; set; } = string.Empty;

    /// <summary>Where host.json is; the repository root's by default.</summary>
    public string? HostJsonPath { get; set; }

    /// <summary>False to serve HTTP only (no queue polling, no timers), e.g. for a second host in a test.</summary>
    public bool RunTriggers { get; set; } = true;

    /// <summary>
    /// The proxies whose <c>X-Forwarded-For</c> the local host believes, comma-separated addresses or networks
    /// (<c>127.0.0.1</c>, <c>10.0.0.0/8</c>, <c>::1</c>). Empty (the default): the header is ignored and the client is the
    /// connection's address, so no client picks its own rate-limit bucket by sending the header.
    /// </summary>
    public string? TrustedProxies { get; set; }

    /// <summary>
    /// <see cref="TrustedProxies"/> as networks (a single address is a network of one); call it on validated options. A
    /// method, not a property: validation reads every property.
    /// </summary>
    public IReadOnlyList<IPNetwork> GetTrustedProxyNetworks() =>
        [.. TrustedProxyEntries().Select(entry => TryParseNetwork(entry, out var network) ? network : throw new FormatException(entry))];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in TrustedProxyEntries().Where(entry => !TryParseNetwork(entry, out _)))
        {
            yield return new ValidationResult(
                $"LocalHost__TrustedProxies: '{(entry.Length > 60 ? entry[..60] : entry)}' is not an IP address or a network "
                + "such as 10.0.0.0/8 (comma-separated).",
                [nameof(TrustedProxies)]);
        }
    }

    private string[] TrustedProxyEntries() =>
        (TrustedProxies ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool TryParseNetwork(string entry, out IPNetwork network)
    {
        if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/', StringComparison.Ordinal))
        {
            address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            network = new IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }

        // A network's address must be its first (10.0.0.0/8, not 10.1.2.3/8): anything else is a typo to report.
        return IPNetwork.TryParse(entry, out network)
            && IPAddress.TryParse(entry.AsSpan(0, entry.IndexOf('/', StringComparison.Ordinal)), out var written)
            && written.Equals(network.BaseAddress);
    }
}
