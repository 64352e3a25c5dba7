using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LeadFunctions.LocalHost.Tests.Capture;

/// <summary>
/// The form route's rate limit through the local host: buckets per IPv4 address or IPv6 /64, and X-Forwarded-For
/// believed only from the proxies LocalHost__TrustedProxies names (none by default).
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class CaptureRateLimitTests(LocalHostFixture host)
{
    [Fact]
    public async Task Without_a_trusted_proxy_a_forged_X_Forwarded_For_picks_no_new_bucket()
    {
        var statuses = await PostEachAsync(trustedProxies: null, "203.0.113.1", "203.0.113.2", "203.0.113.3");

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_an_IPv6_64_is_one_bucket_and_a_mapped_IPv4_address_is_its_IPv4_address()
    {
        var statuses = await PostEachAsync(
            "127.0.0.1",
            "2001:db8:1:2::1",
            "[2001:db8:1:2:ffff::9]:443",
            "2001:db8:1:2:abcd::77", // a third address of the same /64
            "2001:db8:1:3::1", // the next /64
            "203.0.113.7",
            "::ffff:203.0.113.7",
            "203.0.113.7:50000");

        Assert.Equal(
            [
                HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests,
                HttpStatusCode.Accepted,
                HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests,
            ],
            statuses);
    }

    [Fact]
    public async Task A_bad_trusted_proxy_stops_the_start_naming_the_setting()
    {
        var settings = host.Settings();
        settings["LocalHost:TrustedProxies"] = "127.0.0.1, proxy.example";
        settings["LocalHost:RunTriggers"] = "false";
        settings["urls"] = "http://127.0.0.1:0";
        await using var app = LocalHostApplication.Create([], builder => builder.Configuration.AddInMemoryCollection(settings));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("LocalHost__TrustedProxies", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>A host with a limit of 2 a minute; one form post per X-Forwarded-For value, in order.</summary>
    private async Task<List<HttpStatusCode>> PostEachAsync(string? trustedProxies, params string[] forwardedFor)
    {
        var settings = host.Settings();
        settings["Capture:RateLimitPerMinute"] = "2";
        settings["LocalHost:RunTriggers"] = "false";
        settings["LocalHost:TrustedProxies"] = trustedProxies;
        var (app, client) = await host.StartHostAsync(settings);
        try
        {
            var statuses = new List<HttpStatusCode>();
            foreach (var forwarded in forwardedFor)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/leads")
                {
                    Content = JsonContent.Create(new { email = $"rl.{Guid.NewGuid():N}@example.org" }),
                };
                request.Headers.Add("X-Forwarded-For", forwarded);
                using var response = await client.SendAsync(request);
                statuses.Add(response.StatusCode);
            }

            return statuses;
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
