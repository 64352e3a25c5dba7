using System.Text.Json;
using LeadFunctions.Testing.Maildev;

namespace LeadFunctions.Email.Tests.Smtp;

/// <summary>
/// Reads maildev's REST API (GET /api/email, GET /api/email/{id}/source) for the emails of one lead, recognised by
/// their X-LeadFunctions-Handoff header, so that tests sharing the maildev never see each other's mail.
/// </summary>
internal sealed class MaildevInbox(MaildevFixture maildev)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Polls until <paramref name="count"/> emails of the lead arrived, or fails at the deadline.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(string leadId, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var mine = await EmailsOfAsync(leadId);
            if (mine.Count >= count)
            {
                return mine;
            }

            Assert.True(DateTime.UtcNow < deadline, $"maildev received {mine.Count} of {count} emails of lead {leadId} in time.");
            await Task.Delay(50);
        }
    }

    public async Task<IReadOnlyList<Received>> EmailsOfAsync(string leadId)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(maildev.WebEndpoint, "api/email")));
        return
        [
            .. document.RootElement.EnumerateArray()
                .Select(element => new Received(element.GetProperty("id").GetString()!, ReceivedEmail.From(element)))
                .Where(
                    received => received.Email.Headers.GetValueOrDefault("x-leadfunctions-handoff", string.Empty)
                        .StartsWith(leadId + "/", StringComparison.Ordinal)),
        ];
    }

    /// <summary>The message as it crossed SMTP (headers and MIME parts).</summary>
    public Task<string> SourceAsync(string id) =>
        Http.GetStringAsync(new Uri(maildev.WebEndpoint, $"api/email/{Uri.EscapeDataString(id)}/source"));

    public sealed record Received(string Id, ReceivedEmail Email);
}
