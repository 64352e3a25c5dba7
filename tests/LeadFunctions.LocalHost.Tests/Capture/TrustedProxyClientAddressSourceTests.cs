using System.Net;
using LeadFunctions.LocalHost.Http;

namespace LeadFunctions.LocalHost.Tests.Capture;

/// <summary>The local host believes X-Forwarded-For only from the proxies LocalHost__TrustedProxies names.</summary>
public sealed class TrustedProxyClientAddressSourceTests
{
    [Theory]
    [InlineData("", "127.0.0.1", "203.0.113.7", "127.0.0.1")] // no trusted proxy: the header is ignored
    [InlineData("10.0.0.0/8", "127.0.0.1", "203.0.113.7", "127.0.0.1")] // from a proxy not trusted: ignored
    [InlineData("127.0.0.1", "127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7")] // the last entry
    [InlineData("127.0.0.1", "::ffff:127.0.0.1", "203.0.113.7:50000", "203.0.113.7")]
    [InlineData("127.0.0.1,10.0.0.0/8", "127.0.0.1", "198.51.100.1, 203.0.113.7, 10.1.2.3", "203.0.113.7")] // past trusted hops
    [InlineData("127.0.0.1,10.0.0.0/8", "127.0.0.1", "10.9.9.9, 10.1.2.3", "10.9.9.9")] // every hop trusted: the first
    [InlineData("127.0.0.1", "127.0.0.1", "198.51.100.1, garbage", "127.0.0.1")] // unreadable: the proxy itself
    [InlineData("::1", "::1", "[2001:db8::5]:443", "2001:db8::5")]
    public void The_client_is_the_first_address_that_is_not_a_trusted_proxy(string trusted, string connection, string forwardedFor, string client)
    {
        var options = new LocalHostOptions { TrustedProxies = trusted };

        var found = TrustedProxyClientAddressSource.ClientOf(IPAddress.Parse(connection), forwardedFor, options.GetTrustedProxyNetworks());

        Assert.Equal(IPAddress.Parse(client), found);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("10.1.2.3/8")]
    [InlineData("127.0.0.1, 300.1.1.1")]
    public void A_bad_entry_fails_validation_naming_the_setting(string trusted)
    {
        var options = new LocalHostOptions { FunctionKey = "0123456789abcdef", TrustedProxies = trusted };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        var valid = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.StartsWith("LocalHost__TrustedProxies:", Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
    }
}
