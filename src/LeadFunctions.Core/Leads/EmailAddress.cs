namespace LeadFunctions.Leads;

/// <summary>Email address normalization: the same normalized address is always the same lead.</summary>
public static class EmailAddress
{
    /// <summary>RFC 5321 limit for a whole address.</summary>
    public const int MaxLength = 254;

    /// <summary>RFC 5321 limit for the part before the @.</summary>
    private const int MaxLocalPartLength = 64;

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
        problem = FirstProblem(trimmed);
        if (problem is not null)
        {
            return false;
        }

        normalized = trimmed.ToString().ToLowerInvariant();
        return true;
    }

    /// <summary>The first reason the trimmed address is not usable (length, @, domain, characters), or null.</summary>
    private static string? FirstProblem(ReadOnlySpan<char> address)
    {
        if (address.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters";
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at > MaxLocalPartLength || at == address.Length - 1 || address[..at].Contains('@'))
        {
            return "is not an email address";
        }

        if (!IsDomain(address[(at + 1)..]))
        {
            return "has no valid domain";
        }

        foreach (var character in address)
        {
            if (IsForbidden(character))
            {
                return "contains characters an email address cannot have";
            }
        }

        return null;
    }

    /// <summary>Has a dot, and no dot at either end or two in a row.</summary>
    private static bool IsDomain(ReadOnlySpan<char> domain) =>
        domain.Contains('.') && domain[0] != '.' && domain[^1] != '.' && domain.IndexOf("..", StringComparison.Ordinal) < 0;

    private static bool IsForbidden(char character) =>
        char.IsWhiteSpace(character)
        || char.IsControl(character)
        || character is '<' or '>' or '"' or ',' or ';' or '(' or ')' or '[' or ']' or '\\';
}
