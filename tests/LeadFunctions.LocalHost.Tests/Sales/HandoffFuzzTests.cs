using System.Collections.Concurrent;
using System.Net;
using System.Text;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Sales;
using LeadFunctions.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost.Tests.Sales;

/// <summary>
/// Generated garbage at the hand-off page and its form: tokens of every length and alphabet, missing and wrong
/// anti-forgery values, 10 MB notes, unknown actions and reasons, wrong encodings. Never a 5xx, the lead never changes,
/// and no log line carries personal data, the token or a note.
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class HandoffFuzzTests(LocalHostFixture host)
{
    private const string NoteMarker = "fuzz-note-marker";
    private const string Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const int HandoffPageEndpointLimit = LeadFunctions.Http.Sales.HandoffPageEndpoint.MaxFormBytes;

    [Fact]
    public async Task Generated_tokens_and_forms_never_get_a_5xx_change_nothing_and_log_no_personal_data()
    {
        var logs = new CapturingLoggerProvider();
        var settings = host.Settings();
        settings["RescoreQueueName"] = "lead-rescore-" + Guid.NewGuid().ToString("N")[..8];
        var (app, client) = await host.StartHostAsync(
            settings,
            builder => builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        try
        {
            var lead = await HandedOffLead.CreateAsync(host, client);
            var before = (await HandedOffLead.GetLeadAsync(host, lead.LeadId, client))!.ToJsonString();
            var links = new HandoffLinks(new HandoffOptions { LinkSecret = LocalHostFixture.LinkSecret });
            var random = new Random(20261129);
            var requests = Enumerable.Range(0, 1500).Select(i => Generate(random, i, lead, links)).ToArray();
            var failures = new ConcurrentBag<string>();

            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (generated, ct) =>
            {
                using var request = generated.Build(client.BaseAddress!);
                using var response = await client.SendAsync(request, ct);
                if ((int)response.StatusCode >= 500 || (response.StatusCode == HttpStatusCode.OK && request.Method == HttpMethod.Post))
                {
                    failures.Add($"{generated.Description} -> {(int)response.StatusCode}");
                }
            });

            Assert.Empty(failures);
            Assert.Equal(before, (await HandedOffLead.GetLeadAsync(host, lead.LeadId, client))!.ToJsonString());
            AssertNothingPersonalLogged(logs, lead);
        }
        finally
        {
            client.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static void AssertNothingPersonalLogged(CapturingLoggerProvider logs, HandedOffLead lead)
    {
        Assert.NotEmpty(logs.Lines);
        string[] personal = [lead.Email, "Dana", "Scully", "Northwind", "+49 30 1234567", "dach-sales@example.com", NoteMarker];
        Assert.DoesNotContain(logs.Lines, line => personal.Any(value => line.Message.Contains(value, StringComparison.OrdinalIgnoreCase)));

        // The app's own logs never name the token (the request log of ASP.NET Core shows paths; it is off outside Warning by default).
        Assert.DoesNotContain(
            logs.Lines,
            line => line.Category.StartsWith("LeadFunctions", StringComparison.Ordinal)
                && line.Message.Contains(lead.Token, StringComparison.Ordinal));
    }

    private static Generated Generate(Random random, int i, HandedOffLead lead, HandoffLinks links) => (i % 6) switch
    {
        0 => new("GET random token", HttpMethod.Get, RandomToken(random), null, null),
        1 => new("GET tampered token", HttpMethod.Get, Tamper(random, lead.Token), null, null),
        2 => new("POST random token", HttpMethod.Post, RandomToken(random), Form(random, lead, links), "application/x-www-form-urlencoded"),
        3 => new("POST bad form", HttpMethod.Post, lead.Token, Form(random, lead, links), "application/x-www-form-urlencoded"),
        4 => new(
            "POST wrong content",
            HttpMethod.Post,
            lead.Token,
            Encoding.UTF8.GetBytes("{\"action\":\"accept\"}"),
            random.Next(3) switch { 0 => "application/json", 1 => "multipart/form-data", _ => "text/plain" }),
        _ => new(
            "POST garbage bytes",
            HttpMethod.Post,
            random.Next(2) == 0 ? lead.Token : Tamper(random, lead.Token),
            RandomBytes(random),
            "application/x-www-form-urlencoded"),
    };

    /// <summary>Tokens of every length (0-300) in every alphabet: base64url, base64, hex, URL syntax, unicode, hostile strings.</summary>
    private static string RandomToken(Random random)
    {
        string[] alphabets =
        [
            Base64Url,
            Base64Url + "+/=",
            "0123456789abcdef",
            "%/?#.;~!$&'()*,",
            "éß中😀\u0000\u202e",
            "<script>'\"\\ ",
        ];
        var alphabet = alphabets[random.Next(alphabets.Length)];
        var length = random.Next(4) == 0 ? HandoffLinks.TokenLength + random.Next(-2, 3) : random.Next(0, 301);
        var token = new StringBuilder();
        for (var i = 0; i < Math.Max(length, 1); i++)
        {
            token.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return token.ToString();
    }

    private static string Tamper(Random random, string token)
    {
        var position = random.Next(token.Length);
        var replacement = Base64Url[random.Next(Base64Url.Length)];
        return random.Next(4) switch
        {
            0 => token[..^random.Next(1, 10)],
            1 => token + Base64Url[random.Next(Base64Url.Length)],
            _ => string.Concat(
                token.AsSpan(0, position),
                (replacement == token[position] ? (replacement == 'A' ? 'B' : 'A') : replacement).ToString(),
                token.AsSpan(position + 1)),
        };
    }

    /// <summary>A form that must never be applied: a wrong or missing anti-forgery value, or an invalid reason or note.</summary>
    private static byte[] Form(Random random, HandedOffLead lead, HandoffLinks links)
    {
        var rejectValue = links.FormValue(lead.Token, SalesActionKind.Reject, new HandoffPageState(LeadStage.SQL, 2));
        var fields = random.Next(9) switch
        {
            0 => $"action=accept",
            1 => $"action=accept&verification={Uri.EscapeDataString(rejectValue)}",
            2 => $"action=accept&verification={new string('A', random.Next(0, 60))}",
            3 => $"action=reject&verification={Uri.EscapeDataString(rejectValue)}&reason={Uri.EscapeDataString(RandomToken(random))}" +
                $"&note={NoteMarker}",
            4 => $"action=reject&verification={Uri.EscapeDataString(rejectValue)}&reason=Bad+timing" +
                $"&note={NoteMarker}{new string('n', 1_001)}",
            5 => $"action=reject&verification={Uri.EscapeDataString(rejectValue)}&reason=Bad+timing" +
                $"&note={NoteMarker}{new string('n', 10 * 1024 * 1024)}",
            6 => $"action={Uri.EscapeDataString(RandomToken(random))}&verification={Uri.EscapeDataString(rejectValue)}",
            7 => $"action=reject&action=accept&verification={Uri.EscapeDataString(rejectValue)}&verification=x&reason=Bad+timing",
            _ => $"action=won&verification={Uri.EscapeDataString(links.FormValue(lead.Token, SalesActionKind.Won, new HandoffPageState(LeadStage.SAL, 3)))}%zz&reason=%ff%fe",
        };
        return Encoding.UTF8.GetBytes(fields);
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 2_000)];
        random.NextBytes(bytes);
        return bytes;
    }

    private sealed record Generated(string Description, HttpMethod Method, string Token, byte[]? Body, string? ContentType)
    {
        public HttpRequestMessage Build(Uri baseAddress)
        {
            var request = new HttpRequestMessage(Method, new Uri(baseAddress, "api/handoffs/" + Uri.EscapeDataString(Token)));
            if (Body is not null)
            {
                request.Content = new ByteArrayContent(Body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);

                // A body larger than the page's forms is refused from its Content-Length, before it is read: with
                // "Expect: 100-continue" the client waits for that answer instead of writing into a closed connection.
                request.Headers.ExpectContinue = Body.Length > HandoffPageEndpointLimit;
            }

            return request;
        }
    }
}
