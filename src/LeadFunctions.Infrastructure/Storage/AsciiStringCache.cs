using System.Buffers.Binary;
using System.Text;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// The short strings a page of outcome snapshots repeats (event types, property names, paths, job titles, sources),
/// made once and handed out again: a direct-mapped table of <see cref="Slots"/> strings, looked up by a hash of the
/// bytes and checked against them, so a collision or a string met once only costs the string it would have cost
/// anyway. Only ASCII strings of at most <see cref="MaxBytes"/> bytes are kept. One instance per read (not shared
/// between threads); it holds nothing a page does not.
/// </summary>
internal sealed class AsciiStringCache
{
    private const int Slots = 256;
    private const int MaxBytes = 48;

    private readonly string?[] _strings = new string?[Slots];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length is 0 or > MaxBytes)
        {
            return utf8.Length == 0 ? string.Empty : Encoding.UTF8.GetString(utf8);
        }

        var slot = Slot(utf8);
        if (_strings[slot] is { } cached && cached.Length == utf8.Length && Ascii.Equals(utf8, cached))
        {
            return cached;
        }

        var made = Encoding.UTF8.GetString(utf8);
        if (made.Length == utf8.Length)
        {
            _strings[slot] = made;
        }

        return made;
    }

    /// <summary>The length and the first and last (up to) eight bytes, mixed: enough to tell apart the strings a page repeats.</summary>
    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        ulong head, tail;
        if (utf8.Length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(utf8);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..]);
        }
        else
        {
            Span<byte> padded = stackalloc byte[8];
            padded.Clear();
            utf8.CopyTo(padded);
            head = BinaryPrimitives.ReadUInt64LittleEndian(padded);
            tail = 0;
        }

        var mixed = ((head * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)utf8.Length) * 0x165667B19E3779F9UL;
        return (int)(mixed >> 56);
    }
}
