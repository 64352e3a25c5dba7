using System.Buffers.Binary;
using System.Text;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// Reads an outcome snapshot's layout, as <see cref="System.IO.BinaryWriter"/> wrote it, straight from its bytes (a
/// span, no stream and no reader object): the outcome stage (a byte) and its UTC ticks; the profile (the email, then
/// each optional member as a presence flag and its value: strings as 7-bit-encoded UTF-8 lengths and bytes, integers as 4
/// bytes, the budget as a decimal's 16 bytes); the attribution (five optional strings and the consent: 0 unknown, 1 no,
/// 2 yes); and the events: their count, then each event's id, type, UTC ticks and its properties (a count and name,
/// value pairs). Anything out of bounds is <see cref="InvalidDataException"/>.
/// </summary>
internal ref struct OutcomeSnapshotReader(ReadOnlySpan<byte> bytes, AsciiStringCache strings)
{
    /// <summary>More events or properties than this are a damaged count, not data: never allocated for.</summary>
    private const int MaxCount = 1_000_000;

    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private readonly AsciiStringCache _strings = strings;
    private int _position;

    /// <summary>The outcome of lead <paramref name="leadId"/>; the strings a page repeats come from <paramref name="strings"/>.</summary>
    public static KnownOutcome Read(string leadId, ReadOnlySpan<byte> bytes, AsciiStringCache strings)
    {
        var reader = new OutcomeSnapshotReader(bytes, strings);
        var outcome = (LeadStage)reader.Byte();
        var outcomeAt = reader.Time();
        var profile = new LeadProfile
        {
            Email = reader.UniqueString(),
            FirstName = reader.OptionalUniqueString(),
            LastName = reader.OptionalUniqueString(),
            Company = reader.OptionalString(),
            JobTitle = reader.OptionalString(),
            CompanySize = reader.OptionalInt32(),
            Industry = reader.OptionalString(),
            Country = reader.OptionalString(),
            Phone = reader.OptionalUniqueString(),
            Budget = reader.Flag() ? reader.Decimal() : null,
            TimelineMonths = reader.OptionalInt32(),
            Need = reader.OptionalUniqueString(),
        };
        var attribution = new LeadAttribution
        {
            FormId = reader.OptionalString(),
            PageUrl = reader.OptionalString(),
            UtmSource = reader.OptionalString(),
            UtmMedium = reader.OptionalString(),
            UtmCampaign = reader.OptionalString(),
            Consent = reader.Byte() switch
            {
                0 => null,
                1 => false,
                2 => true,
                _ => throw new InvalidDataException("An outcome snapshot's consent is neither unknown, no nor yes."),
            },
        };

        var events = new EngagementEvent[reader.Count()];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = reader.Event();
        }

        if (reader._position != reader._bytes.Length)
        {
            throw new InvalidDataException("An outcome snapshot has bytes after its last event.");
        }

        return new KnownOutcome(leadId, profile, attribution == LeadAttribution.None ? LeadAttribution.None : attribution, events, outcome, outcomeAt);
    }

    private EngagementEvent Event()
    {
        var eventId = UniqueString();
        var type = String();
        var occurredAt = Time();
        var count = Count();
        if (count == 0)
        {
            return new EngagementEvent { EventId = eventId, Type = type, OccurredAt = occurredAt };
        }

        var properties = new KeyValuePair<string, string>[count];
        for (var i = 0; i < count; i++)
        {
            properties[i] = KeyValuePair.Create(String(), String());
        }

        return new EngagementEvent { EventId = eventId, Type = type, OccurredAt = occurredAt, Properties = EventPropertyDictionary.Create(properties) };
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length < 0 || length > _bytes.Length - _position)
        {
            throw new InvalidDataException("An outcome snapshot ends early.");
        }

        var taken = _bytes.Slice(_position, length);
        _position += length;
        return taken;
    }

    private byte Byte() => Take(1)[0];

    private bool Flag() => Byte() switch
    {
        0 => false,
        1 => true,
        _ => throw new InvalidDataException("An outcome snapshot's flag is neither 0 nor 1."),
    };

    private DateTimeOffset Time()
    {
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(Take(8));
        return ticks >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : throw new InvalidDataException("An outcome snapshot's time is out of range.");
    }

    /// <summary>A string a page repeats (a type, a property, a job title): one instance per value.</summary>
    private string String() => _strings.Get(Take(SevenBitInt()));

    /// <summary>A string of this lead or event alone (an id, an address, a name).</summary>
    private string UniqueString() => Encoding.UTF8.GetString(Take(SevenBitInt()));

    private string? OptionalString() => Flag() ? String() : null;

    private string? OptionalUniqueString() => Flag() ? UniqueString() : null;

    private int? OptionalInt32() => Flag() ? BinaryPrimitives.ReadInt32LittleEndian(Take(4)) : null;

    private decimal Decimal()
    {
        var bytes = Take(16);
        Span<int> bits =
        [
            BinaryPrimitives.ReadInt32LittleEndian(bytes),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]),
        ];
        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException("An outcome snapshot's budget is not a decimal.", exception);
        }
    }

    private int Count()
    {
        var count = SevenBitInt();
        return count <= MaxCount ? count : throw new InvalidDataException("An outcome snapshot's count is out of range.");
    }

    /// <summary>A non-negative int as <see cref="System.IO.BinaryWriter.Write7BitEncodedInt"/> writes it (at most 5 bytes).</summary>
    private int SevenBitInt()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var part = Byte();
            value |= (uint)(part & 0x7F) << shift;
            if ((part & 0x80) == 0)
            {
                return value <= int.MaxValue ? (int)value : throw new InvalidDataException("An outcome snapshot's length is out of range.");
            }
        }

        throw new InvalidDataException("An outcome snapshot's length runs over five bytes.");
    }
}
