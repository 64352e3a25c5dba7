using System.Globalization;
using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// An outcome snapshot (a lead with all its events) as binary columns of its stage index row: the lead row and each
/// event row exactly as <see cref="LeadEntityMapper"/> writes them to the Leads table (so a snapshot reads back through
/// the same mapper, and a column added there travels with it), each property with its type, Brotli-compressed (after its
/// uncompressed length) and cut into binary columns of at most 64 KiB. A snapshot over <see cref="MaxChunks"/> columns is not kept.
/// </summary>
internal static class OutcomeSnapshotCodec
{
    /// <summary>How many binary columns the snapshot takes (0 or missing: none).</summary>
    public const string ChunksProperty = "SnapshotChunks";

    private const string ChunkProperty = "Snapshot";

    /// <summary>A binary column holds at most 64 KiB.</summary>
    private const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// 10 columns are 640 KiB: within an entity's 1 MiB however the service counts binary (Azurite counts it as base64,
    /// and refuses 14 columns of 64 KiB).
    /// </summary>
    private const int MaxChunks = 10;

    /// <summary>The most a snapshot may expand to when read (a damaged length never allocates more).</summary>
    private const int MaxSnapshotBytes = 64 * 1024 * 1024;

    private const byte FormatVersion = 1;

    private static readonly Dictionary<Type, byte> Tags = new()
    {
        [typeof(string)] = 1,
        [typeof(int)] = 2,
        [typeof(long)] = 3,
        [typeof(double)] = 4,
        [typeof(bool)] = 5,
        [typeof(DateTimeOffset)] = 6,
        [typeof(DateTime)] = 7,
        [typeof(Guid)] = 8,
        [typeof(byte[])] = 9,
    };

    /// <summary>Writes the snapshot's columns on <paramref name="row"/>; false (nothing written) when it is too large.</summary>
    public static bool TryWrite(LeadScoringState state, TableEntity row)
    {
        var bytes = Encode(state);
        var chunks = (bytes.Length + ChunkBytes - 1) / ChunkBytes;
        if (chunks > MaxChunks)
        {
            return false;
        }

        row[ChunksProperty] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            row[ChunkProperty + i.ToString(CultureInfo.InvariantCulture)] =
                bytes.AsSpan(i * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - (i * ChunkBytes))).ToArray();
        }

        return true;
    }

    /// <summary>The snapshot on <paramref name="row"/>, or null when it has none (or one in a format this code does not read).</summary>
    public static LeadScoringState? Read(TableEntity row)
    {
        if (row.GetInt32(ChunksProperty) is not { } chunks || chunks < 1 || chunks > MaxChunks)
        {
            return null;
        }

        var parts = new byte[chunks][];
        for (var i = 0; i < chunks; i++)
        {
            if (row.GetBinary(ChunkProperty + i.ToString(CultureInfo.InvariantCulture)) is not { } chunk)
            {
                return null;
            }

            parts[i] = chunk;
        }

        // One chunk (almost every snapshot) is read where it is; more are joined.
        var compressed = chunks == 1 ? parts[0] : [.. parts.SelectMany(part => part)];
        var length = compressed.Length;
        if (length < 5)
        {
            return null;
        }

        // The first four bytes give the uncompressed length: one call decodes the rest, without a stream.
        var size = BitConverter.ToInt32(compressed, 0);
        var bytes = new byte[size];
        if (size < 1 || size > MaxSnapshotBytes || !BrotliDecoder.TryDecompress(compressed.AsSpan(4, length - 4), bytes, out var written) || written != size)
        {
            return null;
        }

        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        if (reader.ReadByte() != FormatVersion)
        {
            return null;
        }

        var lead = LeadEntityMapper.ToLead(ReadEntity(reader, row.RowKey));
        var events = new EngagementEvent[reader.ReadInt32()];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = LeadEntityMapper.ToEvent(ReadEntity(reader, row.RowKey));
        }

        return new LeadScoringState(lead with { ETag = null }, events);
    }

    private static byte[] Encode(LeadScoringState state)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(FormatVersion);
            WriteEntity(writer, LeadEntityMapper.LeadEntity(state.Lead));
            writer.Write(state.Events.Count);
            foreach (var engagement in state.Events)
            {
                WriteEntity(writer, LeadEntityMapper.EventEntity(state.Lead.LeadId, new StoredEvent(string.Empty, engagement)));
            }
        }

        var plain = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var compressed = new byte[4 + BrotliEncoder.GetMaxCompressedLength(plain.Length)];
        BitConverter.TryWriteBytes(compressed, plain.Length);
        if (!BrotliEncoder.TryCompress(plain, compressed.AsSpan(4), out var written, quality: 1, window: 22))
        {
            throw new InvalidOperationException("An outcome snapshot could not be compressed.");
        }

        return compressed[..(4 + written)];
    }

    private static void WriteEntity(BinaryWriter writer, TableEntity entity)
    {
        var properties = entity
            .Where(pair => pair.Value is not null && pair.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
            .ToArray();
        writer.Write(properties.Length);
        foreach (var (name, value) in properties)
        {
            writer.Write(name);
            var tag = Tags.TryGetValue(value!.GetType(), out var known)
                ? known
                : throw new InvalidOperationException($"A snapshot cannot hold the column {name} of type {value.GetType().Name}.");
            writer.Write(tag);
            switch (value)
            {
                case string text: writer.Write(text); break;
                case int number: writer.Write(number); break;
                case long number: writer.Write(number); break;
                case double number: writer.Write(number); break;
                case bool flag: writer.Write(flag); break;
                case DateTimeOffset time: writer.Write(time.UtcTicks); break;
                case DateTime time: writer.Write(time.ToUniversalTime().Ticks); break;
                case Guid id: writer.Write(id.ToByteArray()); break;
                case byte[] bytes: writer.Write(bytes.Length); writer.Write(bytes); break;
            }
        }
    }

    private static TableEntity ReadEntity(BinaryReader reader, string leadId)
    {
        var entity = new TableEntity(leadId, string.Empty);
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            entity[name] = reader.ReadByte() switch
            {
                1 => reader.ReadString(),
                2 => reader.ReadInt32(),
                3 => reader.ReadInt64(),
                4 => reader.ReadDouble(),
                5 => reader.ReadBoolean(),
                6 => new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero),
                7 => new DateTime(reader.ReadInt64(), DateTimeKind.Utc),
                8 => new Guid(reader.ReadBytes(16)),
                9 => reader.ReadBytes(reader.ReadInt32()),
                var tag => throw new InvalidDataException($"Unknown column type {tag} in an outcome snapshot."),
            };
        }

        return entity;
    }
}
