namespace LeadFunctions.Storage.Connection;

/// <summary>Splits <c>Key=Value;Key=Value</c> connection strings. Error messages name keys and positions, never values.</summary>
internal static class StorageConnectionStringParser
{
    public static Dictionary<string, string> Parse(string connectionString)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int segmentNumber = 0;
        foreach (Range range in connectionString.AsSpan().Split(';'))
        {
            segmentNumber++;
            ReadOnlySpan<char> segment = connectionString.AsSpan()[range].Trim();
            if (segment.IsEmpty)
            {
                continue;
            }

            int equals = segment.IndexOf('=');
            if (equals <= 0)
            {
                throw new FormatException($"Segment {segmentNumber} is not of the form Key=Value.");
            }

            string key = segment[..equals].Trim().ToString();
            string value = segment[(equals + 1)..].Trim().ToString();
            if (!values.TryAdd(key, value))
            {
                throw new FormatException($"Segment {segmentNumber} repeats a key that appeared earlier.");
            }
        }

        if (values.Count == 0)
        {
            throw new FormatException("The connection string is empty.");
        }

        return values;
    }
}
