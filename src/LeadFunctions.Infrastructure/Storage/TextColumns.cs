using Azure.Data.Tables;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// A text longer than a table property holds (64 KiB, 32,768 UTF-16 characters), written as numbered properties
/// (<c>Results0</c>, <c>Results1</c>, ...) of one row and read back joined. A row holds at most 1 MiB, so a text kept
/// this way stays well under that (a page's tallies and a job's results are a few KB).
/// </summary>
internal static class TextColumns
{
    /// <summary>Characters per property: 60,000 bytes in UTF-16, under the 64 KiB limit.</summary>
    public const int ChunkLength = 30_000;

    public static void Write(TableEntity entity, string name, string text)
    {
        var parts = Split(text);
        entity[name + "Parts"] = parts.Count;
        for (var i = 0; i < parts.Count; i++)
        {
            entity[name + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = parts[i];
        }
    }

    /// <summary>The text, or null when the row has none under <paramref name="name"/>.</summary>
    public static string? Read(TableEntity entity, string name)
    {
        if (entity.GetInt32(name + "Parts") is not { } count)
        {
            return null;
        }

        return string.Concat(Enumerable.Range(0, count)
            .Select(i => entity.GetString(name + i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    /// <summary>The text in pieces of at most <see cref="ChunkLength"/> characters (an empty text is one empty piece).</summary>
    public static List<string> Split(string text)
    {
        var parts = new List<string>(text.Length / ChunkLength + 1);
        for (var start = 0; start == 0 || start < text.Length; start += ChunkLength)
        {
            parts.Add(text.Substring(start, Math.Min(ChunkLength, text.Length - start)));
        }

        return parts;
    }
}
