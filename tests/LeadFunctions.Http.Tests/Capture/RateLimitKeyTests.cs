using System.Net;
using LeadFunctions.Http.Capture;

namespace LeadFunctions.Http.Tests.Capture;

public sealed class RateLimitKeyTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::")]
    [InlineData("::1", "::")]
    [InlineData("fe80::1%2", "fe80::")]
    public void An_IPv4_address_is_its_own_key_and_an_IPv6_address_keys_on_its_64(string address, string key) =>
        Assert.Equal(IPAddress.Parse(key), RateLimitKey.Of(IPAddress.Parse(address)));

    [Fact]
    public void Addresses_of_one_64_share_a_key_and_its_neighbours_do_not()
    {
        var one = RateLimitKey.Of(IPAddress.Parse("2001:db8:aa:bb:1::1"));

        Assert.Equal(one, RateLimitKey.Of(IPAddress.Parse("2001:db8:aa:bb:9999::42")));
        Assert.NotEqual(one, RateLimitKey.Of(IPAddress.Parse("2001:db8:aa:bc::1")));
        Assert.Equal(one.GetHashCode(), RateLimitKey.Of(IPAddress.Parse("2001:db8:aa:bb::7")).GetHashCode());
    }

    [Fact]
    public void The_key_of_an_IPv4_mapped_address_is_the_IPv4_address()
    {
        Assert.Equal(RateLimitKey.Of(IPAddress.Parse("198.51.100.20")), RateLimitKey.Of(IPAddress.Parse("::ffff:198.51.100.20")));
        Assert.NotEqual(RateLimitKey.Of(IPAddress.Parse("198.51.100.20")), RateLimitKey.Of(IPAddress.Parse("198.51.100.21")));
    }
}
