using System.Globalization;
using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;
using LeadFunctions.Engagement;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// An outcome snapshot (<see cref="KnownOutcome"/>: what a model is judged on of a lead, not its stored score) as
/// binary columns of its stage index row, in a layout of its own (<see cref="OutcomeSnapshotReader"/> says it field by
/// field), cut into columns of at most 64 KiB. A small snapshot is stored as it is: decoding it is a few reads of a
/// span, where decompressing cost more than storage spends serving the row; a larger one is Brotli-compressed, after
/// its length. A snapshot over <see cref="MaxChunks"/> columns is not kept. Rows in the first layout (columns
/// <c>SnapshotChunks</c>, <c>Snapshot0</c>…) read as rows without a snapshot: their lead is read, and the next rescore
/// replaces the row.
/// </summary>
internal static class OutcomeSnapshotCodec
{
    /// <summary>How many binary columns the snapshot takes (0 or missing: none).</summary>
    public const string ChunksProperty = "OutcomeChunks";

    /// <summary>Snapshots up to this many bytes are stored uncompressed.</summary>
    internal const int CompressAbove = 2_048;

    private const string ChunkProperty = "Outcome";

    /// <summary>A binary column holds at most 64 KiB.</summary>
    private const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// 10 columns are 640 KiB: within an entity's 1 MiB however the service counts binary (Azurite counts it as base64,
    /// and refuses 14 columns of 64 KiB).
    /// </summary>
    private const int MaxChunks = 10;

    /// <summary>The most a snapshot may expand to when read (a damaged length never allocates more).</summary>
    private const int MaxSnapshotBytes = 64 * 1024 * 1024;

    /// <summary>The first byte: the layout as it is stored.</summary>
    private const byte Plain = 2;

    /// <summary>The first byte of a compressed snapshot: then its length (4 bytes) and the Brotli stream.</summary>
    private const byte Compressed = 3;

    /// <summary>Writes the snapshot's columns on <paramref name="row"/>; false (nothing written) when it is too large.</summary>
    public static bool TryWrite(KnownOutcome outcome, TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var bytes = Encode(outcome);
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

    /// <summary>
    /// The snapshot on <paramref name="row"/> (its row key is the lead id), or null when it has none, one in a layout this
    /// code does not read, or a damaged one: its lead is read instead. Rows read together share <paramref name="strings"/>.
    /// </summary>
    public static KnownOutcome? Read(TableEntity row, AsciiStringCache? strings = null)
    {
        if (row.GetInt32(ChunksProperty) is not { } chunks || chunks < 1 || chunks > MaxChunks)
        {
            return null;
        }

        var parts = new byte[chunks][];
        for (var i = 0; i < chunks; i++)
        {
            if (row.GetBinary(ChunkProperty + i.ToString(CultureInfo.InvariantCulture)) is not { Length: > 0 } chunk)
            {
                return null;
            }

            parts[i] = chunk;
        }

        // One chunk (almost every snapshot) is read where it is; more are joined.
        var stored = chunks == 1 ? parts[0] : [.. parts.SelectMany(part => part)];
        try
        {
            return stored[0] switch
            {
                Plain => OutcomeSnapshotReader.Read(row.RowKey, stored.AsSpan(1), strings ?? new()),
                Compressed => Decompress(stored) is { } plain ? OutcomeSnapshotReader.Read(row.RowKey, plain, strings ?? new()) : null,
                _ => null,
            };
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static byte[]? Decompress(byte[] stored)
    {
        // The four bytes after the layout give the length: one call decodes the rest, without a stream.
        if (stored.Length < 6)
        {
            return null;
        }

        var size = BitConverter.ToInt32(stored, 1);
        if (size < 1 || size > MaxSnapshotBytes)
        {
            return null;
        }

        var bytes = new byte[size];
        return BrotliDecoder.TryDecompress(stored.AsSpan(5), bytes, out var written) && written == size ? bytes : null;
    }

    private static byte[] Encode(KnownOutcome outcome)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Plain);
            Write(writer, outcome);
        }

        var plain = buffer.GetBuffer().AsSpan(1, (int)buffer.Length - 1);
        if (plain.Length <= CompressAbove)
        {
            return buffer.ToArray();
        }

        var compressed = new byte[5 + BrotliEncoder.GetMaxCompressedLength(plain.Length)];
        compressed[0] = Compressed;
        BitConverter.TryWriteBytes(compressed.AsSpan(1), plain.Length);
        if (!BrotliEncoder.TryCompress(plain, compressed.AsSpan(5), out var written, quality: 1, window: 22))
        {
            throw new InvalidOperationException("An outcome snapshot could not be compressed.");
        }

        return compressed[..(5 + written)];
    }

    /// <summary>The layout <see cref="OutcomeSnapshotReader.Read"/> reads, in the same order.</summary>
    private static void Write(BinaryWriter writer, KnownOutcome outcome)
    {
        writer.Write((byte)outcome.Outcome);
        writer.Write(outcome.OutcomeAt.UtcTicks);
        var profile = outcome.Profile;
        writer.Write(profile.Email);
        WriteOptional(writer, profile.FirstName);
        WriteOptional(writer, profile.LastName);
        WriteOptional(writer, profile.Company);
        WriteOptional(writer, profile.JobTitle);
        WriteOptional(writer, profile.CompanySize);
        WriteOptional(writer, profile.Industry);
        WriteOptional(writer, profile.Country);
        WriteOptional(writer, profile.Phone);
        writer.Write(profile.Budget is not null);
        if (profile.Budget is { } budget)
        {
            writer.Write(budget);
        }

        WriteOptional(writer, profile.TimelineMonths);
        WriteOptional(writer, profile.Need);
        var attribution = outcome.Attribution;
        WriteOptional(writer, attribution.FormId);
        WriteOptional(writer, attribution.PageUrl);
        WriteOptional(writer, attribution.UtmSource);
        WriteOptional(writer, attribution.UtmMedium);
        WriteOptional(writer, attribution.UtmCampaign);
        writer.Write((byte)(attribution.Consent switch { null => 0, false => 1, true => 2 }));
        writer.Write7BitEncodedInt(outcome.Events.Count);
        foreach (var engagement in outcome.Events)
        {
            writer.Write(engagement.EventId);
            writer.Write(engagement.Type);
            writer.Write(engagement.OccurredAt.UtcTicks);
            writer.Write7BitEncodedInt(engagement.Properties.Count);
            foreach (var (name, value) in engagement.Properties)
            {
                writer.Write(name);
                writer.Write(value);
            }
        }
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static void WriteOptional(BinaryWriter writer, int? value)
    {
        writer.Write(value is not null);
        if (value is { } number)
        {
            writer.Write(number);
        }
    }
}
