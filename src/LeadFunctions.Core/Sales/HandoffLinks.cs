using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;

namespace LeadFunctions.Sales;

/// <summary>
/// The capability in a hand-off email's link: an opaque base64url token, HMAC-SHA256-signed with
/// <c>Handoff__LinkSecret</c>, that names one lead and one hand-off and expires <c>Handoff__LinkLifetimeDays</c> after
/// the move into SQL (or sooner, when the setting was lowered since the link was sent). It holds no personal data (the
/// lead id is random, the hand-off id a time). While rotating,
/// the first secret signs and every secret verifies; MACs are compared in fixed time. The same key signs each action
/// form on the page (a MAC of the token, the action and the lead's state on the page), so a form value works for one
/// link, one action and the lead as the page showed it.
/// Pure and thread-safe: the same hand-off always gets the same token, so a repeated email carries the same link.
/// </summary>
public sealed class HandoffLinks
{
    /// <summary>Characters of a token: 65 bytes (version, lead id, hand-off time, expiry, MAC) in unpadded base64url.</summary>
    public const int TokenLength = 87;

    /// <summary>The longest form value read: a page state (a stage and a count) and a 32-byte MAC in unpadded base64url.</summary>
    public const int MaxFormValueLength = 80;

    /// <summary>Characters of a form value's MAC: 32 bytes in unpadded base64url.</summary>
    private const int MacTextLength = 43;

    private const byte Version = 1;
    private const int PayloadLength = 1 + 16 + 8 + 8;
    private const int MacLength = 32;

    private readonly byte[][] _secrets;

    public HandoffLinks(HandoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _secrets = [.. options.GetLinkSecrets().Select(Encoding.UTF8.GetBytes)];
        if (_secrets.Length == 0)
        {
            throw new ArgumentException(
                "Handoff__LinkSecret is required: the HMAC-SHA256 secret that signs the hand-off links.",
                nameof(options));
        }

        Lifetime = options.LinkLifetime;
    }

    public TimeSpan Lifetime { get; }

    /// <summary>When links to this hand-off stop working: its move into SQL plus the lifetime, to the second.</summary>
    public DateTimeOffset ExpiresAt(DateTimeOffset qualifiedAt) =>
        DateTimeOffset.FromUnixTimeSeconds((qualifiedAt + Lifetime).ToUnixTimeSeconds());

    /// <summary>The token of a hand-off (deterministic: the same hand-off, secret and lifetime give the same token).</summary>
    public string CreateToken(string leadId, string handoffId)
    {
        if (!Lead.IsValidLeadId(leadId))
        {
            throw new ArgumentException("Not a lead id.", nameof(leadId));
        }

        if (!SalesHandoff.TryParseId(handoffId, out var qualifiedAt))
        {
            throw new ArgumentException("Not a hand-off id (sql-<ticks>).", nameof(handoffId));
        }

        Span<byte> token = stackalloc byte[PayloadLength + MacLength];
        token[0] = Version;
        Convert.FromHexString(leadId, token.Slice(1, 16), out _, out _);
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(17, 8), qualifiedAt.UtcTicks);
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(25, 8), ExpiresAt(qualifiedAt).ToUnixTimeSeconds());
        HMACSHA256.HashData(_secrets[0], token[..PayloadLength], token[PayloadLength..]);
        return Base64Url.EncodeToString(token);
    }

    /// <summary>
    /// Reads and verifies a token: forged (any flaw, checked before the expiry), expired, or valid with its lead and hand-off.
    /// </summary>
    public HandoffLinkCheck Verify(string? token, DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[PayloadLength + MacLength];
        if (!TryDecode(token, bytes) || bytes[0] != Version || !AnySecretSigned(bytes[..PayloadLength], bytes[PayloadLength..]))
        {
            return HandoffLinkCheck.Forged;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(17, 8));
        var expiresSeconds = BinaryPrimitives.ReadInt64BigEndian(bytes.Slice(25, 8));
        if (ticks < 0 || ticks > DateTimeOffset.MaxValue.UtcTicks || expiresSeconds is < 0 or > 253_402_300_799)
        {
            return HandoffLinkCheck.Forged;
        }

        // The earlier of the signed expiry and the issue time plus today's lifetime: lowering the setting shortens links
        // already sent (raising it never lengthens them: the signed expiry stays a bound).
        var qualifiedAt = new DateTimeOffset(ticks, TimeSpan.Zero);
        var signedExpiry = DateTimeOffset.FromUnixTimeSeconds(expiresSeconds);
        var expiresAt = qualifiedAt <= DateTimeOffset.MaxValue - Lifetime && ExpiresAt(qualifiedAt) < signedExpiry
            ? ExpiresAt(qualifiedAt)
            : signedExpiry;
        var leadId = Convert.ToHexStringLower(bytes.Slice(1, 16));
        var handoffId = SalesHandoff.IdFor(qualifiedAt);
        return new HandoffLinkCheck(now >= expiresAt ? HandoffLinkStatus.Expired : HandoffLinkStatus.Valid, leadId, handoffId, expiresAt);
    }

    /// <summary>
    /// The anti-forgery value of one action's form on the page of <paramref name="token"/>, rendered when the lead was in
    /// <paramref name="state"/>: <c>{stage}.{version}.{MAC}</c>, the MAC over the token, the action and the state.
    /// </summary>
    public string FormValue(string token, SalesActionKind action, HandoffPageState state)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(state);
        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(_secrets[0], FormInput(token, action, state), mac);
        return $"{state}.{Base64Url.EncodeToString(mac)}";
    }

    /// <summary>True when <paramref name="value"/> is a form value of this token and action (for any page state).</summary>
    public bool IsFormValue(string token, SalesActionKind action, string? value) => ReadFormValue(token, action, value) is not null;

    /// <summary>
    /// The page state a form value of this token and action covers, verified under any of the secrets (compared in fixed
    /// time); null when <paramref name="value"/> is not one.
    /// </summary>
    public HandoffPageState? ReadFormValue(string token, SalesActionKind action, string? value)
    {
        ArgumentNullException.ThrowIfNull(token);
        var split = value is { Length: <= MaxFormValueLength } ? value.LastIndexOf('.') : -1;
        if (split < 0 || value!.Length - split - 1 != MacTextLength || HandoffPageState.Parse(value.AsSpan(0, split)) is not { } state)
        {
            return null;
        }

        Span<byte> supplied = stackalloc byte[MacLength];
        Span<byte> expected = stackalloc byte[MacLength];
        if (!TryDecodeExact(value[(split + 1)..], supplied))
        {
            return null;
        }

        var input = FormInput(token, action, state);
        var matched = false;
        foreach (var secret in _secrets)
        {
            HMACSHA256.HashData(secret, input, expected);
            matched |= CryptographicOperations.FixedTimeEquals(expected, supplied);
        }

        return matched ? state : null;
    }

    private bool AnySecretSigned(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> mac)
    {
        Span<byte> expected = stackalloc byte[MacLength];
        var matched = false;
        foreach (var secret in _secrets)
        {
            HMACSHA256.HashData(secret, payload, expected);
            matched |= CryptographicOperations.FixedTimeEquals(expected, mac);
        }

        return matched;
    }

    private static bool TryDecode(string? token, Span<byte> bytes) =>
        token is { Length: TokenLength } && TryDecodeExact(token, bytes);

    /// <summary>
    /// Strict base64url: only the alphabet, exactly <paramref name="bytes"/>' length, and the canonical spelling (a
    /// token whose unused trailing bits differ is another string for the same bytes: refused).
    /// </summary>
    private static bool TryDecodeExact(string text, Span<byte> bytes)
    {
        foreach (var character in text)
        {
            if (!(char.IsAsciiLetterOrDigit(character) || character is '-' or '_'))
            {
                return false;
            }
        }

        // The OperationStatus overload: TryDecodeFromChars throws on some malformed input (non-zero trailing bits).
        return Base64Url.DecodeFromChars(text, bytes, out var consumed, out var written) == OperationStatus.Done
            && consumed == text.Length
            && written == bytes.Length
            && string.Equals(Base64Url.EncodeToString(bytes), text, StringComparison.Ordinal);
    }

    private static byte[] FormInput(string token, SalesActionKind action, HandoffPageState state) =>
        Encoding.UTF8.GetBytes($"form\n{token}\n{SalesStatusNames.Of(action)}\n{state}");
}
