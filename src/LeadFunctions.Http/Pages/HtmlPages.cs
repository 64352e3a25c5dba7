using LeadFunctions.Html;
using Microsoft.AspNetCore.Components;

namespace LeadFunctions.Http.Pages;

/// <summary>
/// Answers pages: a Razor component (in <see cref="PageLayout"/>) with its data, rendered by the host's
/// <see cref="HtmlTemplates"/> when the result is executed, with the headers of <see cref="HtmlPageResult"/>.
/// </summary>
public sealed class HtmlPages(HtmlTemplates templates)
{
    /// <summary>The page <typeparamref name="TPage"/> given <paramref name="parameters"/> (by parameter name).</summary>
    public HtmlPageResult Page<TPage>(int statusCode, IReadOnlyDictionary<string, object?> parameters, TimeSpan? retryAfter = null)
        where TPage : IComponent =>
        new(statusCode, () => templates.RenderAsync<TPage>(parameters), retryAfter);

    /// <summary>A small <see cref="MessagePage"/>: what happened and what to do, optionally with a link to reload.</summary>
    public HtmlPageResult Message(
        int statusCode,
        string brand,
        string title,
        string text,
        TimeSpan? retryAfter = null,
        string? reloadLink = null) =>
        Page<MessagePage>(
            statusCode,
            new Dictionary<string, object?>
            {
                [nameof(MessagePage.Brand)] = brand,
                [nameof(MessagePage.Title)] = title,
                [nameof(MessagePage.Text)] = text,
                [nameof(MessagePage.ReloadLink)] = reloadLink,
            },
            retryAfter);
}
