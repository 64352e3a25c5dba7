using System.Collections.Concurrent;
using System.Net;
using System.Text;
using LeadFunctions.Testing.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost.Tests;

/// <summary>
/// Thousands of generated malformed bodies, headers, ids and signatures at every route: never a 5xx, nothing
/// stored, and no email address, name or phone number in any log line.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class FuzzTests(LocalHostFixture host)
{
    private const string PersonalEmail = "ada.lovelace.fuzz@example.com";
    private const string PersonalName = "Lovelacefuzzname";
    private const string PersonalPhone = "+44 20 7946 0958";

    [Fact]
    public async Task Generated_garbage_never_gets_a_5xx_stores_nothing_and_logs_no_personal_data()
    {
        var logs = new CapturingLoggerProvider();
        var settings = host.Settings();
        settings["RescoreQueueName"] = "lead-rescore-" + Guid.NewGuid().ToString("N")[..8];
        var (app, client) = await host.StartHostAsync(
            settings,
            builder => builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        try
        {
            var random = new Random(20261122);
            var failures = new ConcurrentBag<string>();
            var requests = Enumerable.Range(0, 2400).Select(i => Generate(random, i)).ToArray();
            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (generated, ct) =>
            {
                using var request = generated.Build();
                using var response = await client.SendAsync(request, ct);
                if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.Accepted && generated.MustNotBeAccepted)
                {
                    failures.Add($"{generated.Description} -> {(int)response.StatusCode}");
                }
            });

            Assert.Empty(failures);
            var leads = await CountLeadRowsAsync(settings["Storage:TablePrefix"]!);
            Assert.Equal(0, leads);
            var leaked = logs.Lines.Select(line => line.Message)
                .Where(
                    m => m.Contains(PersonalEmail, StringComparison.OrdinalIgnoreCase)
                        || m.Contains(PersonalName, StringComparison.Ordinal)
                        || m.Contains(PersonalPhone, StringComparison.Ordinal))
                .ToArray();
            Assert.Empty(leaked);
            Assert.NotEmpty(logs.Lines);
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private async Task<int> CountLeadRowsAsync(string prefix)
    {
        var tables = host.Azurite.CreateTableServiceClient();
        var count = 0;
        try
        {
            await foreach (var _ in tables.GetTableClient(prefix + "Leads").QueryAsync<Azure.Data.Tables.TableEntity>())
            {
                count++;
            }
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 404)
        {
            // The table was never even created: nothing stored.
        }

        return count;
    }

    private static Generated Generate(Random random, int i)
    {
        string[] hostile =
        [
            "x' or PartitionKey ne '",
            "\u0000\u0001\u0002",
            "'; DROP TABLE Leads; --",
            "%00%ff",
            "../../etc/passwd",
            "{{7*7}}",
            "<script>alert(1)</script>",
            new string('A', 70_000),
            "\uD800",
            "😀",
            "null",
            "[]",
            "{}",
            "-1",
            "1e309",
            PersonalEmail + PersonalName + PersonalPhone,
        ];
        var junk = hostile[random.Next(hostile.Length)];
        var garbageJson = random.Next(6) switch
        {
            0 => "{" + junk,
            1 => "[" + string.Join(',', Enumerable.Repeat("{\"email\":" + Quote(junk) + "}", random.Next(1, 5))) + "]",
            2 => "{\"email\":" + Quote(PersonalEmail[..5]) + ",\"firstName\":" + Quote(PersonalName) +
                ",\"phone\":" + Quote(PersonalPhone) + ",\"companySize\":" + Quote(junk) + "}",
            3 => new string('[', random.Next(10, 200)),
            4 => "{\"email\":" + Quote(PersonalEmail) + ",\"_gotcha\":" + Quote(junk) + ",\"firstName\":" + Quote(PersonalName) + "}",
            _ => Encoding.UTF8.GetString(Enumerable.Range(0, random.Next(1, 300)).Select(_ => (byte)random.Next(256)).ToArray()),
        };
        var contentTypes = new[]
        {
            "application/json",
            "application/x-www-form-urlencoded",
            "text/plain",
            "application/json; charset=utf-16",
            "multipart/form-data",
            string.Empty,
        };
        var contentType = contentTypes[random.Next(contentTypes.Length)];

        return (i % 8) switch
        {
            0 => new("POST /api/leads garbage", HttpMethod.Post, "api/leads", garbageJson, contentType, [], MustNotBeAccepted: false),
            1 => new(
                "POST /api/events bad signature",
                HttpMethod.Post,
                "api/events",
                "[{\"eventId\":\"e\",\"email\":" + Quote(PersonalEmail) +
                    ",\"type\":\"Email Opened\",\"occurredAt\":\"2026-11-22T00:00:00Z\"}]",
                "application/json",
                [("X-Lead-Signature", BadSignature(random, junk))],
                MustNotBeAccepted: true),
            2 => new(
                "POST /api/webhooks/segment bad signature",
                HttpMethod.Post,
                "api/webhooks/segment",
                garbageJson,
                "application/json",
                [("X-Signature", BadSignature(random, junk))],
                MustNotBeAccepted: true),
            3 => new(
                "POST /api/webhooks/sendgrid bad signature",
                HttpMethod.Post,
                "api/webhooks/sendgrid",
                garbageJson,
                "application/json",
                [
                    ("X-Twilio-Email-Event-Webhook-Signature", BadSignature(random, junk)),
                    ("X-Twilio-Email-Event-Webhook-Timestamp", junk.Length > 50 ? "1" : junk),
                ],
                MustNotBeAccepted: true),
            4 => new(
                "GET /api/leads/{id}",
                HttpMethod.Get,
                "api/leads/" + Uri.EscapeDataString(junk.Length > 500 ? junk[..500] : junk),
                null,
                null,
                [("x-functions-key", LocalHostFixture.FunctionKey)],
                MustNotBeAccepted: true),
            5 => new(
                "DELETE /api/leads/{id}",
                HttpMethod.Delete,
                "api/leads/" + Uri.EscapeDataString(junk.Length > 500 ? junk[..500] : junk),
                null,
                null,
                [("x-functions-key", random.Next(2) == 0 ? LocalHostFixture.FunctionKey : junk.Length > 100 ? "k" : junk)],
                MustNotBeAccepted: true),
            6 => new(
                "GET /api/leads?stage=",
                HttpMethod.Get,
                "api/leads?stage=" + Uri.EscapeDataString(junk.Length > 200 ? junk[..200] : junk) +
                    "&pageSize=" + Uri.EscapeDataString(junk.Length > 20 ? "0" : junk),
                null,
                null,
                [("x-functions-key", LocalHostFixture.FunctionKey)],
                MustNotBeAccepted: true),
            _ => new(
                "POST /admin/functions/{name}",
                HttpMethod.Post,
                "admin/functions/" + Uri.EscapeDataString(junk.Length > 100 ? junk[..100] : junk),
                garbageJson,
                "application/json",
                [("x-functions-key", junk.Length > 100 ? "k" : junk)],
                MustNotBeAccepted: true),
        };
    }

    private static string BadSignature(Random random, string junk) => random.Next(4) switch
    {
        0 => "t=" + DateTimeOffset.UtcNow.ToUnixTimeSeconds() + ",v1=" + Convert.ToHexStringLower(RandomBytes(random, 32)),
        1 => "t=99999999999999999999,v1=zz",
        2 => Convert.ToBase64String(RandomBytes(random, 72)),
        _ => junk.Length > 1000 ? junk[..1000] : new string(junk.Where(c => c is >= ' ' and < '\u007f').ToArray()),
    };

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Quote(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    private sealed record Generated(
        string Description,
        HttpMethod Method,
        string Path,
        string? Body,
        string? ContentType,
        (string Name, string Value)[] Headers,
        bool MustNotBeAccepted)
    {
        public HttpRequestMessage Build()
        {
            var request = new HttpRequestMessage(Method, Path);
            if (Body is not null)
            {
                request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
                if (!string.IsNullOrEmpty(ContentType))
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }

            foreach (var (name, value) in Headers)
            {
                // HttpClient sends only printable ASCII in headers; the server sees the rest as garbage anyway.
                request.Headers.TryAddWithoutValidation(name, new string(value.Where(c => c is >= ' ' and <= '~').ToArray()));
            }

            return request;
        }
    }
}
