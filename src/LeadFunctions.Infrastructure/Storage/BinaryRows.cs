using System.Globalization;
using System.IO.Compression;
using Azure.Data.Tables;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// Bytes larger than a table property holds, Brotli-compressed and cut into binary columns of at most 64 KiB
/// (<c>C0</c>, <c>C1</c>, … with their count in <c>Chunks</c>), <see cref="ChunksPerRow"/> columns a row, in rows named
/// <c>{prefix}00</c>, <c>{prefix}01</c>…: the first says how many rows there are (<c>Rows</c>), so rows left from a
/// longer value written before are never read. At most <see cref="MaxRows"/> rows (1.9 MiB compressed): with the base64
/// of the batch's payload, within an entity group transaction's 4 MiB, so the rows are written (and replaced) together.
/// </summary>
internal static class BinaryRows
{
    public const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// 10 columns are 640 KiB a row: an entity holds 1 MiB, and Azurite counts a binary column as its base64 text (4/3 of
    /// its bytes: 14 columns of 64 KiB were refused as larger than 1 MB).
    /// </summary>
    public const int ChunksPerRow = 10;

    public const int MaxRows = 3;

    public static string RowKey(string prefix, int row) => prefix + row.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>The rows holding <paramref name="bytes"/> compressed; throws when they would not fit <see cref="MaxRows"/>.</summary>
    public static List<TableEntity> Write(string partitionKey, string prefix, byte[] bytes)
    {
        var compressed = Compress(bytes);
        var chunks = Math.Max(1, (compressed.Length + ChunkBytes - 1) / ChunkBytes);
        var rows = (chunks + ChunksPerRow - 1) / ChunksPerRow;
        if (rows > MaxRows)
        {
            throw new InvalidOperationException(
                $"{compressed.Length} compressed bytes do not fit {MaxRows} rows of {ChunksPerRow} columns of {ChunkBytes} bytes.");
        }

        var entities = new List<TableEntity>(rows);
        for (var r = 0; r < rows; r++)
        {
            var entity = new TableEntity(partitionKey, RowKey(prefix, r));
            var first = r * ChunksPerRow;
            var count = Math.Min(ChunksPerRow, chunks - first);
            entity["Chunks"] = count;
            for (var c = 0; c < count; c++)
            {
                var offset = (first + c) * ChunkBytes;
                entity["C" + c.ToString(CultureInfo.InvariantCulture)] =
                    compressed.AsSpan(offset, Math.Min(ChunkBytes, compressed.Length - offset)).ToArray();
            }

            entities.Add(entity);
        }

        entities[0]["Rows"] = rows;
        return entities;
    }

    /// <summary>The bytes the rows hold (in row-key order, the first one first), or null when a row is missing.</summary>
    public static byte[]? Read(IReadOnlyList<TableEntity> rows)
    {
        if (rows.Count == 0 || rows[0].GetInt32("Rows") is not { } count || count < 1 || count > rows.Count)
        {
            return null;
        }

        using var compressed = new MemoryStream();
        for (var r = 0; r < count; r++)
        {
            var chunks = rows[r].GetInt32("Chunks") ?? 0;
            for (var c = 0; c < chunks; c++)
            {
                if (rows[r].GetBinary("C" + c.ToString(CultureInfo.InvariantCulture)) is not { } chunk)
                {
                    return null;
                }

                compressed.Write(chunk);
            }
        }

        compressed.Position = 0;
        using var brotli = new BrotliStream(compressed, CompressionMode.Decompress);
        using var plain = new MemoryStream();
        brotli.CopyTo(plain);
        return plain.ToArray();
    }

    private static byte[] Compress(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var brotli = new BrotliStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            brotli.Write(bytes);
        }

        return buffer.ToArray();
    }
}
