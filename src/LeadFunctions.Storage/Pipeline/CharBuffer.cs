using System.Buffers;

namespace LeadFunctions.Storage;

/// <summary>A growable character buffer over a stack span, falling back to pooled arrays. Dispose it.</summary>
internal ref struct CharBuffer
{
    private char[]? _rented;
    private Span<char> _chars;
    private int _length;

    public CharBuffer(Span<char> initial)
    {
        _rented = null;
        _chars = initial;
        _length = 0;
    }

    public readonly ReadOnlySpan<char> Written => _chars[.._length];

    public void Append(char value)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }

        _chars[_length++] = value;
    }

    public void Append(scoped ReadOnlySpan<char> value)
    {
        if (_length + value.Length > _chars.Length)
        {
            Grow(value.Length);
        }

        value.CopyTo(_chars[_length..]);
        _length += value.Length;
    }

    public void AppendLowerInvariant(scoped ReadOnlySpan<char> value)
    {
        if (_length + value.Length > _chars.Length)
        {
            Grow(value.Length);
        }

        _length += value.ToLowerInvariant(_chars[_length..]);
    }

    /// <summary>Appends the URL-decoded form of <paramref name="value"/>.</summary>
    public void AppendUnescaped(scoped ReadOnlySpan<char> value)
    {
        if (_length + value.Length > _chars.Length)
        {
            Grow(value.Length);
        }

        if (Uri.TryUnescapeDataString(value, _chars[_length..], out int written))
        {
            _length += written;
        }
        else
        {
            Append(Uri.UnescapeDataString(value.ToString()));
        }
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
        }
    }

    private void Grow(int additional)
    {
        char[] larger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + additional));
        _chars[.._length].CopyTo(larger);
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
        }

        _rented = larger;
        _chars = larger;
    }
}
