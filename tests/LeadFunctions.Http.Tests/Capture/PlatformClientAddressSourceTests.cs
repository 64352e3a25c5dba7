using System.Net;
using LeadFunctions.Http.Capture;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Http.Tests.Capture;

/// <summary>The Function App's client address: the last X-Forwarded-For entry (the front end's), else the connection.</summary>
public sealed class PlatformClientAddressSourceTests
{
    [Theory]
    [InlineData("198.51.100.1, 203.0.113.7:51234", "203.0.113.7")]
    [InlineData("[2001:db8::5]:443", "2001:db8::5")]
    [InlineData("", "10.0.0.9")]
    [InlineData("not an address", "10.0.0.9")]
    public void The_client_is_the_last_forwarded_entry_or_the_connection(string forwardedFor, string client)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.0.0.9");
        context.Request.Headers["X-Forwarded-For"] = forwardedFor;

        Assert.Equal(IPAddress.Parse(client), new PlatformClientAddressSource().GetClientAddress(context));
    }
}
