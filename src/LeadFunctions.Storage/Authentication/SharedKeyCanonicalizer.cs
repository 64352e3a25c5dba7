using System.Runtime.CompilerServices;
using Azure.Core;

namespace LeadFunctions.Storage.Authentication;

/// <summary>The canonicalization steps of the Shared Key string-to-sign shared by the Table and Queue policies.</summary>
internal static class SharedKeyCanonicalizer
{
    private const string StoragePrefix = "x-ms-";
    private const int MaxParts = 16;

    /// <summary>
    /// Appends <c>/account/path</c>, the path exactly as sent (still percent-encoded). With path-style
    /// endpoints (Azurite) the path itself starts with the account, giving <c>/account/account/...</c>.
    /// </summary>
    public static void AppendResourcePath(ref CharBuffer buffer, string accountName, RequestUriBuilder uri)
    {
        buffer.Append('/');
        buffer.Append(accountName);
        string path = uri.Path;
        buffer.Append(path.Length == 0 ? "/" : path);
    }

    /// <summary>Appends <c>?comp=value</c> when the query has a <c>comp</c> parameter (Table service form).</summary>
    public static void AppendCompParameter(ref CharBuffer buffer, string query)
    {
        ReadOnlySpan<char> body = Body(query);
        foreach (Range part in body.Split('&'))
        {
            Split(body[part], out ReadOnlySpan<char> name, out ReadOnlySpan<char> value);
            if (name.Equals("comp", StringComparison.OrdinalIgnoreCase))
            {
                buffer.Append("?comp=");
                buffer.AppendUnescaped(value);
                return;
            }
        }
    }

    /// <summary>
    /// Appends every query parameter as <c>\nname:value</c>, names lower-cased and sorted, values decoded and,
    /// when a name repeats, sorted and joined with commas (Blob/Queue service form).
    /// </summary>
    public static void AppendQueryParameters(ref CharBuffer buffer, string query)
    {
        ReadOnlySpan<char> body = Body(query);
        if (body.IsEmpty)
        {
            return;
        }

        Span<Range> parts = stackalloc Range[MaxParts];
        int count = 0;
        foreach (Range part in body.Split('&'))
        {
            if (body[part].IsEmpty)
            {
                continue;
            }

            if (count == MaxParts)
            {
                throw new InvalidOperationException("Too many query parameters to sign.");
            }

            parts[count++] = part;
        }

        parts = parts[..count];
        SortByNameThenValue(body, parts);

        ReadOnlySpan<char> previousName = default;
        for (int i = 0; i < parts.Length; i++)
        {
            Split(body[parts[i]], out ReadOnlySpan<char> name, out ReadOnlySpan<char> value);
            if (i > 0 && name.Equals(previousName, StringComparison.OrdinalIgnoreCase))
            {
                buffer.Append(',');
            }
            else
            {
                buffer.Append('\n');
                buffer.AppendLowerInvariant(name);
                buffer.Append(':');
            }

            buffer.AppendUnescaped(value);
            previousName = name;
        }
    }

    /// <summary>Appends the <c>x-ms-*</c> headers as <c>name:value\n</c>, names lower-cased and sorted.</summary>
    public static void AppendStorageHeaders(ref CharBuffer buffer, RequestHeaders headers)
    {
        HeaderArray storage = default;
        Span<HttpHeader> found = storage;
        int count = 0;
        foreach (HttpHeader header in headers)
        {
            if (header.Name.StartsWith(StoragePrefix, StringComparison.OrdinalIgnoreCase))
            {
                if (count == MaxParts)
                {
                    throw new InvalidOperationException("Too many x-ms- headers to sign.");
                }

                found[count++] = header;
            }
        }

        found = found[..count];
        found.Sort(static (a, b) => string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase));
        foreach (HttpHeader header in found)
        {
            buffer.AppendLowerInvariant(header.Name);
            buffer.Append(':');
            buffer.Append(header.Value.AsSpan().Trim());
            buffer.Append('\n');
        }
    }

    private static ReadOnlySpan<char> Body(string query) =>
        query.StartsWith('?') ? query.AsSpan(1) : query.AsSpan();

    private static void Split(ReadOnlySpan<char> pair, out ReadOnlySpan<char> name, out ReadOnlySpan<char> value)
    {
        int equals = pair.IndexOf('=');
        name = equals < 0 ? pair : pair[..equals];
        value = equals < 0 ? default : pair[(equals + 1)..];
    }

    private static void SortByNameThenValue(ReadOnlySpan<char> body, Span<Range> parts)
    {
        // Insertion sort: a request carries a handful of parameters at most.
        for (int i = 1; i < parts.Length; i++)
        {
            Range current = parts[i];
            int j = i - 1;
            while (j >= 0 && Compare(body[parts[j]], body[current]) > 0)
            {
                parts[j + 1] = parts[j];
                j--;
            }

            parts[j + 1] = current;
        }
    }

    private static int Compare(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        Split(left, out ReadOnlySpan<char> leftName, out ReadOnlySpan<char> leftValue);
        Split(right, out ReadOnlySpan<char> rightName, out ReadOnlySpan<char> rightValue);
        int byName = leftName.CompareTo(rightName, StringComparison.OrdinalIgnoreCase);
        return byName != 0 ? byName : leftValue.CompareTo(rightValue, StringComparison.Ordinal);
    }

    [InlineArray(MaxParts)]
    private struct HeaderArray
    {
        private HttpHeader _element;
    }
}
