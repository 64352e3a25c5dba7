using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// Partition and row keys. No key holds personal data in clear: the email index is keyed by a SHA-256 of the
/// normalized address, event rows by a hash of (source, event id) so hostile ids never reach a key.
/// </summary>
internal static class LeadKeys
{
    public const string LeadRow = "lead";

    /// <summary>
    /// The tombstone of a lead being erased: its row moves here (same properties) in one transaction, so every write that
    /// needs the lead's row fails from then on, while the erasure still knows what to delete.
    /// </summary>
    public const string ErasingRow = "erasing";
    public const string EventRowPrefix = "evt|";
    public const string HandoffRowPrefix = "handoff|";
    public const string DueHandoffsPartition = "due";

    /// <summary>The email index's partition key: hex SHA-256 of the normalized address.</summary>
    public static string EmailKey(string normalizedEmail) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)));

    /// <summary>An event's row key: "evt|" and 32 hex characters of SHA-256(source, event id).</summary>
    public static string EventRow(string source, string eventId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(source + "\n" + eventId));
        return EventRowPrefix + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>A lead's claim on an anonymous visitor: "visitor|" and the visitor key (see <see cref="VisitorClaimRow"/>).</summary>
    public const string VisitorClaimRowPrefix = "visitor|";

    /// <summary>The visitor partition's state row: which lead the visitor joined (none yet while it is anonymous).</summary>
    public const string VisitorRow = "visitor";

    /// <summary>
    /// The visitor partition's open row: there while the visitor is anonymous; its events are appended with a merge into it
    /// (If-Match *), so once a join deleted it no event is stored for the visitor again.
    /// </summary>
    public const string VisitorOpenRow = "open";

    public const string SalesStatusRowPrefix = "status|";
    public const string ReminderPartitionPrefix = "remind-";

    public static string HandoffRow(string handoffId) => HandoffRowPrefix + handoffId;

    /// <summary>The row in a lead's partition recording that the lead claimed the visitor (its key is a hash: no cookie value).</summary>
    public static string VisitorClaimRow(string visitorKey) => VisitorClaimRowPrefix + visitorKey;

    /// <summary>The receipt of a sales status with an external id: "status|" and 32 hex characters of its SHA-256.</summary>
    public static string SalesStatusRow(string externalId) =>
        SalesStatusRowPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(externalId)).AsSpan(0, 16));

    /// <summary>The reminder index's partition: "remind-" and the UTC hour the reminder is due; sorts in time order.</summary>
    public static string ReminderBucket(DateTimeOffset dueAt) => ReminderPartitionPrefix + DecayBucket(dueAt);

    public static string DueHandoffRow(string leadId, string handoffId) => leadId + "|" + handoffId;

    /// <summary>The lead and hand-off ids of a due hand-off or reminder index row (<see cref="DueHandoffRow"/>).</summary>
    public static (string LeadId, string HandoffId) ParseDueHandoffRow(string rowKey)
    {
        var separator = rowKey.IndexOf('|', StringComparison.Ordinal);
        return (rowKey[..separator], rowKey[(separator + 1)..]);
    }

    /// <summary>
    /// The decay index's row: lead id and the exact due ticks, so a rescoring that lost its race (and wrote its
    /// index row first) never overwrites the row of the one that won.
    /// </summary>
    public static string DecayRow(string leadId, DateTimeOffset dueAt) =>
        leadId + "|" + dueAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The decay index's partition: the UTC hour the review is due ("yyyyMMddHH"); sorts in time order.</summary>
    public static string DecayBucket(DateTimeOffset dueAt) => dueAt.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
}
