using System.Buffers;
using System.Text.Json;
using Azure.Core;

namespace LeadFunctions.Storage;

/// <summary>
/// A per-thread, reusable <see cref="IBufferWriter{T}"/> over pooled arrays for building request bodies.
/// Rent it, write synchronously (no await while holding it), copy the result out with
/// <see cref="ToRequestContent"/>, and dispose it to hand it back.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int InitialSize = 1024;
    private const int RetainedMaximum = 64 * 1024;

    [ThreadStatic]
    private static PooledBufferWriter? t_cached;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _written;
    private Utf8JsonWriter? _json;

    private PooledBufferWriter()
    {
    }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public int WrittenCount => _written;

    public static PooledBufferWriter Rent()
    {
        PooledBufferWriter writer = t_cached ?? new PooledBufferWriter();
        t_cached = null;
        return writer;
    }

    /// <summary>A JSON writer over this buffer, reused across rentals on the same thread.</summary>
    public Utf8JsonWriter JsonWriter()
    {
        if (_json is null)
        {
            _json = new Utf8JsonWriter(this, new JsonWriterOptions { SkipValidation = false });
        }
        else
        {
            _json.Reset(this);
        }

        return _json;
    }

    public void Write(ReadOnlySpan<byte> value)
    {
        value.CopyTo(GetSpan(value.Length));
        Advance(value.Length);
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (_written + count > _buffer.Length)
        {
            throw new InvalidOperationException("Cannot advance past the end of the buffer.");
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    /// <summary>Copies the written bytes into an exactly sized array owned by the request.</summary>
    public RequestContent ToRequestContent() => RequestContent.Create(WrittenSpan.ToArray());

    public void Dispose()
    {
        _written = 0;
        if (_buffer.Length > RetainedMaximum)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);
        }

        t_cached = this;
    }

    private void Ensure(int sizeHint)
    {
        int needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }

        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
