using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using LeadFunctions.Engagement;
using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>
/// The outcome snapshot's own layout (<see cref="OutcomeSnapshotCodec"/>): every member of what a model is judged on
/// survives it (a member added to the profile, attribution or events fails here until the layout carries it), small
/// snapshots are stored as they are and large ones compressed, and a damaged or older row reads as no snapshot.
/// </summary>
public sealed class OutcomeSnapshotCodecTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 30, 15, TimeSpan.Zero);

    [Fact]
    public void Every_member_of_an_outcome_survives_the_layout()
    {
        var outcome = FullOutcome();
        AssertEveryMemberSet(outcome.Profile);
        AssertEveryMemberSet(outcome.Attribution);
        Assert.All(outcome.Events, AssertEveryMemberSet);

        var read = RoundTrip(outcome);

        Assert.Equal(outcome.Profile, read.Profile);
        Assert.Equal(outcome.Attribution, read.Attribution);
        Assert.Equal(Json(outcome), Json(read));
        Assert.Equal("60000.50", read.Profile.Budget!.Value.ToString(CultureInfo.InvariantCulture)); // the scale kept
    }

    [Fact]
    public void Optional_members_left_empty_stay_empty_and_properties_read_case_insensitively()
    {
        var outcome = new KnownOutcome(
            "00000000000000000000000000000001",
            new LeadProfile { Email = string.Empty },
            LeadAttribution.None,
            [
                new EngagementEvent { EventId = "a", Type = "Page Viewed", OccurredAt = Now },
                new EngagementEvent
                {
                    EventId = "b",
                    Type = "Page Viewed",
                    OccurredAt = Now.AddMinutes(1),
                    Properties = new Dictionary<string, string> { ["Path"] = "/pricing", ["empty"] = string.Empty },
                },
            ],
            LeadStage.Disqualified,
            Now.AddDays(2));

        var read = RoundTrip(outcome);

        Assert.Equal(outcome.Profile, read.Profile);
        Assert.Same(LeadAttribution.None, read.Attribution);
        Assert.Equal(LeadStage.Disqualified, read.Outcome);
        Assert.Empty(read.Events[0].Properties);
        Assert.Equal("/pricing", read.Events[1].GetProperty("path"));
        Assert.Equal(string.Empty, read.Events[1].GetProperty("EMPTY"));
        Assert.Equal(Json(outcome), Json(read));
    }

    [Fact]
    public void A_small_snapshot_is_one_uncompressed_column_and_a_large_one_is_compressed()
    {
        var small = new TableEntity("Won", "00000000000000000000000000000001");
        Assert.True(OutcomeSnapshotCodec.TryWrite(FullOutcome(), small));
        var smallBytes = small.GetBinary("Outcome0")!;
        Assert.Equal(1, small.GetInt32(OutcomeSnapshotCodec.ChunksProperty));
        Assert.True(smallBytes.Length <= OutcomeSnapshotCodec.CompressAbove + 1);
        Assert.True(smallBytes.AsSpan().IndexOf("dana@northwind.example"u8) > 0, "stored as it is");

        var events = Enumerable.Range(0, 200).Select(n => new EngagementEvent
        {
            EventId = "view-" + n,
            Type = "Page Viewed",
            OccurredAt = Now.AddMinutes(-n),
            Properties = new Dictionary<string, string> { ["path"] = "/docs/getting-started/page-" + (n % 7) },
        }).Reverse().ToArray();
        var large = FullOutcome() with { Events = events };
        var row = new TableEntity("Won", large.LeadId);
        Assert.True(OutcomeSnapshotCodec.TryWrite(large, row));

        Assert.True(row.GetBinary("Outcome0")!.Length < 200 * 30, "200 similar events compress");
        Assert.Equal(Json(large), Json(OutcomeSnapshotCodec.Read(row)!));
    }

    [Fact]
    public void A_snapshot_over_ten_columns_is_not_written()
    {
        var events = Enumerable.Range(0, 40).Select(n => new EngagementEvent
        {
            EventId = "big-" + n,
            Type = "Page Viewed",
            OccurredAt = Now.AddHours(-n),
            Properties = new Dictionary<string, string>
            {
                ["path"] = "/" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 30_000),
            },
        }).Reverse().ToArray();
        var row = new TableEntity("Won", "00000000000000000000000000000001");

        Assert.False(OutcomeSnapshotCodec.TryWrite(FullOutcome() with { Events = events }, row));
        Assert.Null(row.GetInt32(OutcomeSnapshotCodec.ChunksProperty));
        Assert.Null(OutcomeSnapshotCodec.Read(row));
    }

    [Fact]
    public void A_damaged_snapshot_or_one_in_the_first_layout_reads_as_none()
    {
        var row = new TableEntity("Won", "00000000000000000000000000000001");
        OutcomeSnapshotCodec.TryWrite(FullOutcome(), row);
        var bytes = row.GetBinary("Outcome0")!;

        foreach (var cut in new[] { 1, 2, 10, bytes.Length / 2, bytes.Length - 1 })
        {
            row["Outcome0"] = bytes[..cut];
            Assert.Null(OutcomeSnapshotCodec.Read(row));
        }

        row["Outcome0"] = (byte[])[.. bytes, 0];
        Assert.Null(OutcomeSnapshotCodec.Read(row)); // bytes after the last event

        row["Outcome0"] = (byte[])[9, .. bytes[1..]];
        Assert.Null(OutcomeSnapshotCodec.Read(row)); // a layout this code does not know

        row["Outcome0"] = (byte[])[3, 255, 255, 255, 127, 1, 2, 3];
        Assert.Null(OutcomeSnapshotCodec.Read(row)); // a compressed length past the bound: nothing allocated

        var older = new TableEntity("Won", "00000000000000000000000000000001") { ["SnapshotChunks"] = 1, ["Snapshot0"] = bytes };
        Assert.Null(OutcomeSnapshotCodec.Read(older));
    }

    private static KnownOutcome RoundTrip(KnownOutcome outcome)
    {
        var row = new TableEntity(outcome.Outcome.ToString(), outcome.LeadId);
        Assert.True(OutcomeSnapshotCodec.TryWrite(outcome, row));
        var read = OutcomeSnapshotCodec.Read(row);
        Assert.NotNull(read);
        return read;
    }

    private static KnownOutcome FullOutcome() => new(
        "0193a4b2c3d4e5f60718293a4b5c6d7e",
        new LeadProfile
        {
            Email = "dana@northwind.example",
            FirstName = "Dana",
            LastName = "Kovač",
            Company = "Northwind <Traders>",
            JobTitle = "Director of Marketing",
            CompanySize = 400,
            Industry = "Software",
            Country = "DE",
            Phone = "+49 30 1234567",
            Budget = 60000.50m,
            TimelineMonths = 3,
            Need = "We lose leads between marketing and sales \u2026 \U0001F680",
        },
        new LeadAttribution
        {
            FormId = "demo-request",
            PageUrl = "https://northwind.example/pricing?plan=team",
            UtmSource = "reference",
            UtmMedium = "email",
            UtmCampaign = "q4-launch",
            Consent = false,
        },
        [
            new EngagementEvent
            {
                EventId = "evt-1",
                Type = "Page Viewed",
                OccurredAt = Now.AddDays(-3).AddTicks(7),
                Properties = new Dictionary<string, string> { ["path"] = "/pricing", ["title"] = "Pricing" },
            },
            new EngagementEvent
            {
                EventId = "evt-2",
                Type = "Email Opened",
                OccurredAt = Now.AddDays(-2),
                Properties = new Dictionary<string, string> { ["emailId"] = "m-1", ["userAgentFamily"] = "Apple Mail Privacy" },
            },
        ],
        LeadStage.Won,
        Now);

    /// <summary>Every public instance property of <paramref name="value"/> holds something other than its default.</summary>
    private static void AssertEveryMemberSet(object value)
    {
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract")
            {
                continue;
            }

            var member = property.GetValue(value);
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var empty = member is null
                || (type.IsValueType && member.Equals(Activator.CreateInstance(type)) && type != typeof(bool))
                || member is ICollection { Count: 0 }
                || member is string { Length: 0 };
            Assert.False(empty, $"{value.GetType().Name}.{property.Name} is not set in the test's outcome: set it, and make the snapshot carry it.");
        }
    }

    private static string Json(KnownOutcome outcome) => JsonSerializer.Serialize(outcome);
}
