using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace LeadFunctions.LocalHost.Tests;

/// <summary>Every bad input gets a clear 4xx problem+json and changes nothing; none is ever a 500.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class BadInputTests(LocalHostFixture host)
{
    public static TheoryData<string, string, HttpStatusCode> BadForms() => new()
    {
        { "application/json", "{not json", HttpStatusCode.BadRequest },
        { "application/json", "[1,2,3]", HttpStatusCode.BadRequest },
        { "text/plain", "email=a@b.com", HttpStatusCode.UnsupportedMediaType },
        { "application/json", "{\"firstName\":\"No Email\"}", HttpStatusCode.BadRequest },
        { "application/json", "{\"email\":\"not-an-email\"}", HttpStatusCode.BadRequest },
        { "application/json", "{\"email\":\"x@mailinator.com\"}", HttpStatusCode.BadRequest },
        { "application/json", "{\"email\":\"x' or PartitionKey ne '@example.com\"}", HttpStatusCode.BadRequest },
        {
            "application/json",
            "{\"email\":\"ok@example.com\",\"companySize\":\"-5\",\"company\":\"A\\u0007B\"}",
            HttpStatusCode.BadRequest
        },
        { "application/x-www-form-urlencoded", "email=%zz", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task A_bad_form_is_a_problem_not_a_lead(string contentType, string body, HttpStatusCode expected)
    {
        using var response = await host.Client.PostAsync("api/leads", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.False(string.IsNullOrEmpty(problem!["detail"]?.GetValue<string>()));
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413()
    {
        var body = "{\"email\":\"big@example.com\",\"need\":\"" + new string('x', 70 * 1024) + "\"}";

        using var response = await host.Client.PostAsync("api/leads", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_filled_honeypot_is_answered_202_and_stores_nothing()
    {
        var email = $"bot.{Guid.NewGuid():N}@example.org";

        using var response = await host.Client.PostAsJsonAsync(
            "api/leads",
            new Dictionary<string, string> { ["email"] = email, ["_gotcha"] = "http://spam" });
        var decoy = (await response.Content.ReadFromJsonAsync<JsonObject>())!["leadId"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var read = await host.Client.SendAsync(host.Keyed(HttpMethod.Get, $"api/leads/{decoy}"));
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Urlencoded_forms_are_accepted()
    {
        var email = $"form.{Guid.NewGuid():N}@example.org";
        using var content = new FormUrlEncodedContent(
            new Dictionary<string, string> { ["email"] = email, ["jobTitle"] = "VP Marketing", ["utm_source"] = "linkedin" });

        using var response = await host.Client.PostAsync("api/leads", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("t=1,v1=00")]
    [InlineData("garbage")]
    public async Task Events_without_a_valid_signature_are_401(string? header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/events")
        {
            Content = new StringContent("[]", Encoding.UTF8, "application/json"),
        };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Lead-Signature", header);
        }

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Events_signed_with_the_wrong_secret_or_too_long_ago_are_401()
    {
        const string json =
            "[{\"eventId\":\"e\",\"email\":\"a@example.com\",\"type\":\"Email Opened\",\"occurredAt\":\"2026-01-01T00:00:00Z\"}]";

        using var wrong = await host.Client.SendAsync(host.SignedEvents(json, secret: "another-secret-entirely"));
        using var old = await host.Client.SendAsync(host.SignedEvents(json, signedAt: host.Clock.GetUtcNow().AddMinutes(-6)));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
    }

    [Fact]
    public async Task Unknown_event_types_are_rejected_per_item_and_the_rest_accepted()
    {
        var now = host.Clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var email = $"mixed.{Guid.NewGuid():N}@example.org";
        var json = $$"""
            [{"eventId":"{{email}}-1","email":"{{email}}","type":"Email Opened","occurredAt":"{{now}}","properties":{"emailId":"n1"} },
             {"eventId":"{{email}}-2","email":"{{email}}","type":"Rocket Launched","occurredAt":"{{now}}"},
             {"eventId":"{{email}}-3","email":"{{email}}","type":"Email Opened"},
             {"eventId":"{{email}}-4","email":"not-an-email","type":"Email Opened","occurredAt":"{{now}}"},
             {"eventId":"{{email}}-5","leadId":"x' or PartitionKey ne '","type":"Email Opened","occurredAt":"{{now}}"}]
            """;

        using var response = await host.Client.SendAsync(host.SignedEvents(json));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, body!["accepted"]!.GetValue<int>());
        Assert.Equal(4, body["rejected"]!.GetValue<int>());
        Assert.Equal([1, 2, 3, 4], body["errors"]!.AsArray().Select(e => e!["index"]!.GetValue<int>()));
        Assert.DoesNotContain("not-an-email", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_1000_events_or_a_body_over_1_MiB_are_rejected_whole()
    {
        var many = "[" + string.Join(',', Enumerable.Repeat("{}", 1001)) + "]";
        using var tooMany = await host.Client.SendAsync(host.SignedEvents(many));
        var huge = "[{\"eventId\":\"" + new string('x', 1024 * 1024) + "\"}]";
        using var tooLarge = await host.Client.SendAsync(host.SignedEvents(huge));

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task Segment_track_messages_with_the_right_signature_are_accepted()
    {
        var email = $"segment.{Guid.NewGuid():N}@example.org";
        var json = System.Text.Json.JsonSerializer.Serialize(
            new
            {
                type = "track",
                messageId = "seg-" + email,
                @event = "Trial Started",
                timestamp = host.Clock.GetUtcNow(),
                properties = new { plan = "team" },
                context = new { traits = new { email } },
            });
#pragma warning disable CA5350 // Segment's scheme is HMAC-SHA1.
        var signature = Convert.ToHexStringLower(
            HMACSHA1.HashData(Encoding.UTF8.GetBytes(LocalHostFixture.SegmentSecret), Encoding.UTF8.GetBytes(json)));
#pragma warning restore CA5350

        using var good = await PostAsync("api/webhooks/segment", json, ("X-Signature", signature));
        using var bad = await PostAsync("api/webhooks/segment", json, ("X-Signature", new string('0', 40)));

        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        Assert.Equal(1, (await good.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
    }

    [Fact]
    public async Task SendGrid_batches_signed_with_ecdsa_are_accepted_and_tampered_ones_refused()
    {
        var email = $"sendgrid.{Guid.NewGuid():N}@example.org";
        var unix = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        var json = System.Text.Json.JsonSerializer.Serialize(new object[]
        {
            new { email, timestamp = unix, @event = "open", sg_event_id = "sg-" + email, sg_message_id = "msg1.filter0001" },
            new { email, timestamp = unix, @event = "group_resubscribe", sg_event_id = "sg2-" + email },
        });
        var timestamp = unix.ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(
            host.SendGridKey.SignData(
                Encoding.UTF8.GetBytes(timestamp + json),
                HashAlgorithmName.SHA256,
                DSASignatureFormat.Rfc3279DerSequence));

        using var good = await PostAsync(
            "api/webhooks/sendgrid",
            json,
            ("X-Twilio-Email-Event-Webhook-Signature", signature),
            ("X-Twilio-Email-Event-Webhook-Timestamp", timestamp));
        using var tampered = await PostAsync(
            "api/webhooks/sendgrid",
            json.Replace("\"open\"", "\"click\"", StringComparison.Ordinal),
            ("X-Twilio-Email-Event-Webhook-Signature", signature),
            ("X-Twilio-Email-Event-Webhook-Timestamp", timestamp));

        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        Assert.Equal(1, (await good.Content.ReadFromJsonAsync<JsonObject>())!["accepted"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
    }

    [Theory]
    [InlineData("GET", "api/leads/0123456789abcdef0123456789abcdef")]
    [InlineData("GET", "api/leads?stage=SQL")]
    [InlineData("DELETE", "api/leads/0123456789abcdef0123456789abcdef")]
    [InlineData("POST", "api/models/rescore")]
    [InlineData("POST", "api/models/suggestions")]
    [InlineData("POST", "admin/functions/DecayAndNotify")]
    [InlineData("POST", "admin/functions/ReviewModel")]
    public async Task Keyed_routes_without_the_function_key_are_401(string method, string path)
    {
        using var missing = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        using var wrong = await host.Client.SendAsync(
            new HttpRequestMessage(
                new HttpMethod(method),
                path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Theory]
    [InlineData("api/leads/x'%20or%20PartitionKey%20ne%20'", HttpStatusCode.NotFound)]
    [InlineData("api/leads/%00%01", HttpStatusCode.BadRequest)]
    [InlineData("api/leads?stage=Customer", HttpStatusCode.BadRequest)]
    [InlineData("api/leads?stage=1", HttpStatusCode.BadRequest)]
    [InlineData("api/leads?stage=SQL&pageSize=100000", HttpStatusCode.BadRequest)]
    [InlineData(
        "api/leads?stage=SQL&continuationToken=" +
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" +
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" +
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" +
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" +
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" +
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" +
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" +
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" +
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" +
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        HttpStatusCode.BadRequest)]
    public async Task Hostile_ids_and_queries_are_4xx(string path, HttpStatusCode expected)
    {
        using var response = await host.Client.SendAsync(host.Keyed(HttpMethod.Get, path));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task The_form_route_is_rate_limited_per_client_with_retry_after()
    {
        var settings = host.Settings();
        settings["Capture:RateLimitPerMinute"] = "2";
        settings["LocalHost:RunTriggers"] = "false";
        settings["LocalHost:TrustedProxies"] = "127.0.0.1"; // the test client plays the proxy (none is trusted by default)
        var (app, client) = await host.StartHostAsync(settings);
        try
        {
            var statuses = new List<HttpStatusCode>();
            HttpResponseMessage? last = null;
            for (var i = 0; i < 3; i++)
            {
                last?.Dispose();
                last = await client.PostAsJsonAsync("api/leads", new { email = $"rl{i}.{Guid.NewGuid():N}@example.org" });
                statuses.Add(last.StatusCode);
            }

            Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
            Assert.NotNull(last!.Headers.RetryAfter);
            last.Dispose();

            // Behind a proxy (the Functions front end), the client is the last X-Forwarded-For entry.
            using var proxied = new HttpRequestMessage(HttpMethod.Post, "api/leads")
            {
                Content = JsonContent.Create(new { email = $"fwd.{Guid.NewGuid():N}@example.org" }),
            };
            proxied.Headers.Add("X-Forwarded-For", "127.0.0.1, 203.0.113.7");
            using var other = await client.SendAsync(proxied);
            Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Cors_preflight_allows_only_the_configured_origins()
    {
        using var allowed = await PreflightAsync("https://www.example.com");
        using var other = await PreflightAsync("https://evil.example");

        Assert.Equal("https://www.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "api/leads");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await host.Client.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await host.Client.SendAsync(request);
    }
}
