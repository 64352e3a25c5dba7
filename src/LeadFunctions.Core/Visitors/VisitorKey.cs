using System.Security.Cryptography;
using System.Text;

namespace LeadFunctions.Visitors;

/// <summary>
/// How a visitor is known to storage and logs: the hex SHA-256 of its anonymous id. The id itself (a cookie value,
/// personal data) is never stored; the same id always gives the same key, in every source (Segment, the canonical
/// API, a form's hidden field).
/// </summary>
public readonly record struct VisitorKey
{
    private VisitorKey(string value) => Value = value;

    /// <summary>64 lower-case hex characters.</summary>
    public string Value { get; }

    /// <summary>The key of an anonymous id as <c>AnonymousIdRules.Normalize</c> keeps it.</summary>
    public static VisitorKey Of(string anonymousId)
    {
        ArgumentException.ThrowIfNullOrEmpty(anonymousId);
        return new(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(anonymousId))));
    }

    /// <summary>A key read back from storage; false when it is not 64 lower-case hex characters.</summary>
    public static bool TryParse(string? value, out VisitorKey key)
    {
        key = default;
        if (value is not { Length: 64 } || !value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return false;
        }

        key = new(value);
        return true;
    }

    public override string ToString() => Value;
}
