namespace LeadFunctions.Validation;

/// <summary>
/// What an anonymous visitor id may be: the id a site's analytics gives a browser before it is identified (Segment's
/// <c>anonymousId</c>, kept in the <c>ajs_anonymous_id</c> cookie, or a site's own first-party id). Opaque text of
/// 1-128 characters without control characters; surrounding white space is not part of it.
/// </summary>
public static class AnonymousIdRules
{
    public const int MaxLength = 128;

    /// <summary>The field's problem, worded without its value.</summary>
    public const string Problem = "must be 1-128 characters without control characters";

    /// <summary>
    /// The id as kept (trimmed), null when blank (not given), or a problem when it is too long or holds a control
    /// character.
    /// </summary>
    public static string? Normalize(string? text, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var id = text.Trim();
        if (id.Length > MaxLength || id.Any(char.IsControl))
        {
            problem = Problem;
            return null;
        }

        return id;
    }
}
