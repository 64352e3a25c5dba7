namespace LeadFunctions.Webhooks;

/// <summary>Reading the textual parts of signature headers without allocating or throwing.</summary>
internal static class SignatureText
{
    /// <summary>True for 1 to <paramref name="maxDigits"/> ASCII digits.</summary>
    public static bool IsDigits(ReadOnlySpan<char> text, int maxDigits)
    {
        if (text.IsEmpty || text.Length > maxDigits)
        {
            return false;
        }

        foreach (var character in text)
        {
            if (!char.IsAsciiDigit(character))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Decodes hex (either case) that fills <paramref name="destination"/> exactly.</summary>
    public static bool TryDecodeHex(ReadOnlySpan<char> hex, Span<byte> destination) =>
        hex.Length == destination.Length * 2
        && Convert.FromHexString(hex, destination, out _, out var written) == System.Buffers.OperationStatus.Done
        && written == destination.Length;
}
