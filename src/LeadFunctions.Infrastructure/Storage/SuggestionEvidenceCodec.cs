using System.Text;
using LeadFunctions.Modeling;
using LeadFunctions.Scoring;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// A page's evidence (<see cref="ScoredOutcome"/> per lead) as compact binary: per lead its id, outcome and time, the
/// live scores, BANT and high-intent flags, its rule activations (index and value), captured field values and event
/// features. Lead ids, scores and the values of the fields a rule may read: no email address, name or phone number.
/// </summary>
internal static class SuggestionEvidenceCodec
{
    private const byte FormatVersion = 1;

    public static byte[] Encode(IReadOnlyList<ScoredOutcome> evidence)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            writer.Write7BitEncodedInt(evidence.Count);
            foreach (var outcome in evidence)
            {
                Write(writer, outcome);
            }
        }

        return buffer.ToArray();
    }

    public static IReadOnlyList<ScoredOutcome> Decode(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        if (reader.ReadByte() != FormatVersion)
        {
            throw new InvalidDataException("The suggestion page's evidence is in a format this version does not read.");
        }

        var evidence = new ScoredOutcome[reader.Read7BitEncodedInt()];
        for (var i = 0; i < evidence.Length; i++)
        {
            evidence[i] = Read(reader);
        }

        return evidence;
    }

    private static void Write(BinaryWriter writer, ScoredOutcome outcome)
    {
        writer.Write(outcome.LeadId);
        writer.Write(outcome.Won);
        writer.Write(outcome.OutcomeAt.UtcTicks);
        writer.Write(outcome.LiveScore);
        writer.Write(outcome.LiveFit);
        writer.Write(outcome.LiveEngagement);
        var bant = outcome.Bant;
        writer.Write((byte)((bant.Budget ? 1 : 0) | (bant.Authority ? 2 : 0) | (bant.Need ? 4 : 0) | (bant.Timeline ? 8 : 0)));
        writer.Write(outcome.HighIntent);
        var row = outcome.Activations;
        writer.Write7BitEncodedInt(row.Indexes.Length);
        for (var k = 0; k < row.Indexes.Length; k++)
        {
            writer.Write7BitEncodedInt(row.Indexes[k]);
            writer.Write(row.Values[k]);
        }

        writer.Write7BitEncodedInt(outcome.Fields.Count);
        foreach (var (field, value) in outcome.Fields)
        {
            writer.Write(field);
            writer.Write(value);
        }

        writer.Write7BitEncodedInt(outcome.Events.Count);
        foreach (var feature in outcome.Events)
        {
            writer.Write(feature.EventType);
            writer.Write(feature.Property ?? string.Empty);
            writer.Write(feature.Value ?? string.Empty);
        }
    }

    private static ScoredOutcome Read(BinaryReader reader)
    {
        var leadId = reader.ReadString();
        var won = reader.ReadBoolean();
        var outcomeAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
        var liveScore = reader.ReadDecimal();
        var liveFit = reader.ReadDecimal();
        var liveEngagement = reader.ReadDecimal();
        var bant = reader.ReadByte();
        var highIntent = reader.ReadBoolean();
        var indexes = new int[reader.Read7BitEncodedInt()];
        var values = new double[indexes.Length];
        for (var k = 0; k < indexes.Length; k++)
        {
            indexes[k] = reader.Read7BitEncodedInt();
            values[k] = reader.ReadDouble();
        }

        var fields = new CapturedValue[reader.Read7BitEncodedInt()];
        for (var f = 0; f < fields.Length; f++)
        {
            fields[f] = new CapturedValue(reader.ReadString(), reader.ReadString());
        }

        var events = new EventFeature[reader.Read7BitEncodedInt()];
        for (var e = 0; e < events.Length; e++)
        {
            var type = reader.ReadString();
            var property = reader.ReadString();
            var value = reader.ReadString();
            events[e] = property.Length == 0 ? new EventFeature(type, null, null) : new EventFeature(type, property, value);
        }

        return new ScoredOutcome(leadId, won, indexes.Length == 0 ? FeatureRow.Empty : new FeatureRow(indexes, values), liveScore)
        {
            OutcomeAt = outcomeAt,
            LiveFit = liveFit,
            LiveEngagement = liveEngagement,
            Bant = new BantStatus((bant & 1) != 0, (bant & 2) != 0, (bant & 4) != 0, (bant & 8) != 0),
            HighIntent = highIntent,
            Fields = fields,
            Events = events,
        };
    }
}
