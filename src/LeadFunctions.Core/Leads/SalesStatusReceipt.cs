using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LeadFunctions.Sales;

namespace LeadFunctions.Leads;

/// <summary>
/// The receipt of a sales status sent with an external id (the CRM's id of the change): written with the move it
/// recorded, it makes a replay record nothing, and keeps what was recorded so that a replay can be told from a reuse of
/// the id for another change. No personal data: the store keys it by a hash of the id, the body by a hash of its fields.
/// </summary>
/// <param name="ExternalId">The CRM's id of the change.</param>
/// <param name="BodyHash">
/// Hex SHA-256 of the body's meaningful fields (<see cref="For"/>); null when none was kept (a receipt written before
/// bodies were kept, or an outcome import's line, whose id already covers its email, outcome and time).
/// </param>
public sealed record SalesStatusReceipt(string ExternalId, string? BodyHash = null)
{
    /// <summary>The status recorded under the id, as read back from the store; null on a receipt about to be written.</summary>
    public SalesActionKind? Status { get; init; }

    /// <summary>
    /// The receipt of <paramref name="action"/> as the status API received it, hashing what the change is: its status,
    /// reason, note and <paramref name="givenOccurredAt"/> (null when the body named no time, so a retry answered later is
    /// the same). The actor is who reported the change, not the change: a retry that names it or not is the same body.
    /// </summary>
    public static SalesStatusReceipt For(string externalId, SalesAction action, DateTimeOffset? givenOccurredAt)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        ArgumentNullException.ThrowIfNull(action);

        // Fields joined by the unit separator, a control character none of them may hold.
        var fields = string.Join(
            '\u001f',
            "v1",
            SalesStatusNames.Of(action.Kind),
            action.Reason ?? string.Empty,
            action.Note ?? string.Empty,
            givenOccurredAt?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
        return new SalesStatusReceipt(externalId, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fields))));
    }

    /// <summary>
    /// True when <paramref name="replay"/> sent the same body as this recorded receipt, or either kept none (receipts
    /// from before bodies were kept count as the same).
    /// </summary>
    public bool HasSameBodyAs(SalesStatusReceipt replay)
    {
        ArgumentNullException.ThrowIfNull(replay);
        return BodyHash is null || replay.BodyHash is null || string.Equals(BodyHash, replay.BodyHash, StringComparison.Ordinal);
    }
}
