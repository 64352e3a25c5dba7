using System.Text;
using LeadFunctions.Http.Protocol;
using LeadFunctions.Sales;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Http.Sales;

/// <summary>
/// <c>GET /api/handoffs/{token}</c> and <c>POST /api/handoffs/{token}</c> (anonymous: the signed token is the
/// capability). Answers HTML pages only: the lead's page (200; 409 when an action is not possible now, or a small 409
/// page with a reload link when the lead changed since the page was opened or the page no longer offers the action), a forged or
/// tampered link 403, an expired link 410 (ask for a new one), an erased lead 410, a bad form 400, storage down 503.
/// Never a stack trace, never a 500; nothing changes on any refusal. Logs no token, no personal data.
/// </summary>
public sealed partial class HandoffPageEndpoint(
    HandoffPageService pages,
    StorageFaultGuard faults,
    ILogger<HandoffPageEndpoint> logger)
{
    /// <summary>The largest form accepted: a 1,000-character note percent-encoded is at most 9,000 bytes.</summary>
    public const int MaxFormBytes = 16 * 1024;

    public async Task<IActionResult> GetAsync(string? token, CancellationToken cancellationToken)
    {
        return await faults.RunAsync(
            "OpenHandoffPage",
            async () => Render(token, await pages.OpenAsync(token, cancellationToken)),
            Unavailable);
    }

    public async Task<IActionResult> PostAsync(string? token, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RequestBody.HasMediaType(request, "application/x-www-form-urlencoded"))
        {
            return SalesPageLayout.BadForm("Send the form from the lead's page.");
        }

        var (body, tooLarge) = await RequestBody.ReadAsync(request, MaxFormBytes, cancellationToken);
        if (tooLarge is not null || ReadForm(body) is not { } form)
        {
            return SalesPageLayout.BadForm(
                $"The form is too large or garbled. Notes hold at most {SalesOptions.MaxNoteLength:N0} characters.");
        }

        return await faults.RunAsync(
            "ActOnHandoffPage",
            async () => Render(token, await pages.ActAsync(token, form, cancellationToken)),
            Unavailable);
    }

    private static HtmlPageResult Unavailable() => SalesPageLayout.Unavailable(StorageFaults.RetryAfter);

    private HtmlPageResult Render(string? token, HandoffPageResult result)
    {
        switch (result.Status)
        {
            case HandoffPageStatus.Ok:
                var page = result.Page!;
                var refused = page.Answer?.Outcome == SalesTransitionOutcome.Refused;
                return new HtmlPageResult(refused ? StatusCodes.Status409Conflict : StatusCodes.Status200OK, HandoffPageHtml.Render(page));
            case HandoffPageStatus.Expired:
                LogRefused(logger, result.Status);
                return SalesPageLayout.Expired();
            case HandoffPageStatus.Gone:
                return SalesPageLayout.Gone();
            case HandoffPageStatus.BadForm:
                LogRefused(logger, result.Status);
                return SalesPageLayout.BadForm(result.Problem ?? "The form could not be used.");
            case HandoffPageStatus.Changed:
                return SalesPageLayout.Changed(token, "This lead changed since you opened the page", result.Problem);
            case HandoffPageStatus.NotOffered:
                return SalesPageLayout.Changed(token, "This action is not offered now", result.Problem);
            default:
                LogRefused(logger, result.Status);
                return SalesPageLayout.Forged();
        }
    }

    private static HandoffForm? ReadForm(ReadOnlyMemory<byte> body)
    {
        try
        {
            var fields = QueryHelpers.ParseQuery(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Span));
            return new HandoffForm(
                Single(fields, "action"),
                Single(fields, "verification"),
                Single(fields, "reason"),
                Single(fields, "note"));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>A field's value; null when it is missing or given more than once (a form of the page sends each once).</summary>
    private static string? Single(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> fields, string name) =>
        fields.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Hand-off page request refused: {Status}")]
    private static partial void LogRefused(ILogger logger, HandoffPageStatus status);
}
