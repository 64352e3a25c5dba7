namespace LeadFunctions.Leads;

/// <summary>Email address normalization: the same normalized address is always the same lead.</summary>
public static class EmailAddress
{
    /// <summary>RFC 5321 limit for a whole address.</summary>
    public const int MaxLength = 254;

    /// <summary>
    /// Trims and lower-cases the address and checks its shape (one @, a local part of at most 64 characters, a
    /// domain with a dot, no spaces or control characters). Returns false with a reason when it is not usable.
    /// </summary>
    public static bool TryNormalize(string? value, out string normalized, out string? problem)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(value))
        {
            problem = "is required";
            return false;
        }

        var trimmed = value.AsSpan().Trim();
        if (trimmed.Length > MaxLength)
        {
            problem = $"must be at most {MaxLength} characters";
            return false;
        }

        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at > 64 || at == trimmed.Length - 1 || trimmed[..at].Contains('@'))
        {
            problem = "is not an email address";
            return false;
        }

        var domain = trimmed[(at + 1)..];
        if (!domain.Contains('.') || domain[0] == '.' || domain[^1] == '.' || domain.IndexOf("..", StringComparison.Ordinal) >= 0)
        {
            problem = "has no valid domain";
            return false;
        }

        foreach (var character in trimmed)
        {
            if (char.IsWhiteSpace(character) || char.IsControl(character) || character is '<' or '>' or '"' or ',' or ';' or '(' or ')' or '[' or ']' or '\\')
            {
                problem = "contains characters an email address cannot have";
                return false;
            }
        }

        normalized = trimmed.ToString().ToLowerInvariant();
        problem = null;
        return true;
    }
}
