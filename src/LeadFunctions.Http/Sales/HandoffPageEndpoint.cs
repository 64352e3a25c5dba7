using System.Text;
using LeadFunctions.Http.Pages;
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
    HandoffPageService handoffPages,
    HtmlPages pages,
    StorageFaultGuard faults,
    ILogger<HandoffPageEndpoint> logger)
{
    /// <summary>The largest form accepted: a 1,000-character note percent-encoded is at most 9,000 bytes.</summary>
    public const int MaxFormBytes = 16 * 1024;

    public async Task<IActionResult> GetAsync(string? token, CancellationToken cancellationToken)
    {
        return await faults.RunAsync(
            "OpenHandoffPage",
            async () => Render(token, await handoffPages.OpenAsync(token, cancellationToken)),
            Unavailable);
    }

    public async Task<IActionResult> PostAsync(string? token, HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RequestBody.HasMediaType(request, "application/x-www-form-urlencoded"))
        {
            return BadForm("Send the form from the lead's page.");
        }

        var (body, tooLarge) = await RequestBody.ReadAsync(request, MaxFormBytes, cancellationToken);
        if (tooLarge is not null || ReadForm(body) is not { } form)
        {
            return BadForm(
                $"The form is too large or garbled. Notes hold at most {SalesOptions.MaxNoteLength:N0} characters.");
        }

        return await faults.RunAsync(
            "ActOnHandoffPage",
            async () => Render(token, await handoffPages.ActAsync(token, form, cancellationToken)),
            Unavailable);
    }

    private HtmlPageResult Unavailable() => Message(
        StatusCodes.Status503ServiceUnavailable,
        "Try again in a moment",
        "The lead could not be read or saved just now; nothing was changed. Reload the page in a minute.",
        StorageFaults.RetryAfter);

    private HtmlPageResult Render(string? token, HandoffPageResult result)
    {
        switch (result.Status)
        {
            case HandoffPageStatus.Ok:
                var page = result.Page!;
                var refused = page.Answer?.Outcome == SalesTransitionOutcome.Refused;
                return pages.Page<HandoffPageView>(
                    refused ? StatusCodes.Status409Conflict : StatusCodes.Status200OK,
                    new Dictionary<string, object?> { [nameof(HandoffPageView.Page)] = page });
            case HandoffPageStatus.Expired:
                LogRefused(logger, result.Status);
                return Message(
                    StatusCodes.Status410Gone,
                    "This link has expired",
                    "Links to a lead work for a limited time. Ask whoever sends you leads (your sales operations team) "
                    + "for a new link to this lead.");
            case HandoffPageStatus.Gone:
                return Message(
                    StatusCodes.Status410Gone,
                    "This lead is no longer available",
                    "The lead was deleted, so there is nothing to show or decide here.");
            case HandoffPageStatus.BadForm:
                LogRefused(logger, result.Status);
                return BadForm(result.Problem ?? "The form could not be used.");
            case HandoffPageStatus.Changed:
                return Changed(token, "This lead changed since you opened the page", result.Problem);
            case HandoffPageStatus.NotOffered:
                return Changed(token, "This action is not offered now", result.Problem);
            default:
                LogRefused(logger, result.Status);
                return Message(
                    StatusCodes.Status403Forbidden,
                    "This link is not valid",
                    "The link is incomplete or was changed. Open it again from the email, copying the whole address.");
        }
    }

    /// <summary>A small page that says what happened and what to do: no lead data, no detail of the failure.</summary>
    private HtmlPageResult Message(int statusCode, string title, string text, TimeSpan? retryAfter = null) =>
        pages.Message(statusCode, HandoffPageText.Brand, title, text, retryAfter);

    private HtmlPageResult BadForm(string detail) => Message(StatusCodes.Status400BadRequest, "The form could not be used", detail);

    /// <summary>
    /// 409: the form's page is out of date (the lead changed since it was opened, or the page no longer offers the
    /// action); nothing was changed. Links back to the page (the token, relative to the form's own address) to reload it.
    /// </summary>
    private HtmlPageResult Changed(string? token, string title, string? detail) => pages.Message(
        StatusCodes.Status409Conflict,
        HandoffPageText.Brand,
        title,
        detail ?? "Nothing was changed.",
        reloadLink: token ?? string.Empty);

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
