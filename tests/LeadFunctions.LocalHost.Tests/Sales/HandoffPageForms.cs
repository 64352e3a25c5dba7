using System.Net;
using System.Text.RegularExpressions;

namespace LeadFunctions.LocalHost.Tests.Sales;

/// <summary>Reads the action forms of a hand-off page as a browser would submit them, and posts them.</summary>
internal static partial class HandoffPageForms
{
    /// <summary>
    /// The anti-forgery value of the page's form for <paramref name="action"/>, or null when the page offers no such form.
    /// </summary>
    public static string? Verification(string html, string action)
    {
        foreach (Match form in Form().Matches(html))
        {
            if (form.Groups["action"].Value == action)
            {
                return WebUtility.HtmlDecode(form.Groups["verification"].Value);
            }
        }

        return null;
    }

    /// <summary>The actions the page offers, in order.</summary>
    public static IReadOnlyList<string> Actions(string html) => [.. Form().Matches(html).Select(form => form.Groups["action"].Value)];

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, Uri link, IEnumerable<KeyValuePair<string, string>> fields) =>
        client.PostAsync(link, new FormUrlEncodedContent(fields));

    /// <summary>Posts the page's own form for <paramref name="action"/> with a reason and note.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(
        HttpClient client,
        Uri link,
        string action,
        string? reason = null,
        string? note = null)
    {
        using var page = await client.GetAsync(link);
        var html = await page.Content.ReadAsStringAsync();
        var verification = Verification(html, action)
            ?? throw new InvalidOperationException($"The page offers no '{action}' form; it offers: {string.Join(", ", Actions(html))}.");
        var fields = new List<KeyValuePair<string, string>> { new("action", action), new("verification", verification) };
        if (reason is not null)
        {
            fields.Add(new("reason", reason));
        }

        if (note is not null)
        {
            fields.Add(new("note", note));
        }

        return await PostAsync(client, link, fields);
    }

    [GeneratedRegex(
        "<form method=\"post\" action=\"[^\"]+\">\\s*<input type=\"hidden\" name=\"action\" value=\"(?<action>[a-z]+)\" ?/?>\\s*<input " +
        "type=\"hidden\" name=\"verification\" value=\"(?<verification>[^\"]+)\" ?/?>")]
    private static partial Regex Form();
}
