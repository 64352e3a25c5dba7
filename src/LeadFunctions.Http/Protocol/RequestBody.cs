using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Protocol;

/// <summary>Reads a request body whole, up to a limit, so signatures can be checked over the exact bytes.</summary>
public static class RequestBody
{
    /// <summary>The body, or the 413 to answer when it is larger than <paramref name="limit"/> bytes.</summary>
    public static async Task<(
        ReadOnlyMemory<byte> Body,
        IActionResult? Error)> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return (default, Problems.PayloadTooLarge(limit));
        }

        var buffer = new ArrayBufferWriter<byte>(Math.Min((int)(request.ContentLength ?? 4096), limit) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(Math.Min(16 * 1024, limit + 1 - buffer.WrittenCount + 1));
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                return (buffer.WrittenMemory, null);
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return (default, Problems.PayloadTooLarge(limit));
            }
        }
    }

    /// <summary>True when the request's media type (ignoring parameters such as charset) is one of <paramref name="accepted"/>.</summary>
    public static bool HasMediaType(HttpRequest request, params string[] accepted)
    {
        ArgumentNullException.ThrowIfNull(request);
        var contentType = request.ContentType;
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return accepted.Any(type => string.Equals(type, mediaType, StringComparison.OrdinalIgnoreCase));
    }
}
