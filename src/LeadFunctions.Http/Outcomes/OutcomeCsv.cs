using CsvHelper;
using LeadFunctions.Outcomes;

namespace LeadFunctions.Http.Outcomes;

/// <summary>
/// Reads an outcome file: RFC 4180 CSV in UTF-8 (a byte order mark is skipped), comma-separated, LF or CRLF line
/// breaks, with the header <c>email,outcome,occurredAt,reason</c>. Quoted fields may hold commas, quotes ("") and line
/// breaks; values are text and nothing in them is interpreted (<c>=HYPERLINK(...)</c> stays those characters). A line
/// with another number of fields or broken quoting is reported by the line it starts on and the rest is read; an
/// unclosed quote swallows the rest of the file, so it is reported as such.
/// </summary>
public static class OutcomeCsv
{
    public const string Header = "email,outcome,occurredAt,reason";

    private static readonly string[] Columns = Header.Split(',');

    public static OutcomeCsvFile Read(ReadOnlyMemory<byte> body)
    {
        var errors = new List<OutcomeLineError>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            IncludeValuesInExceptions = false,
            OnMalformedRecord = record => errors.Add(new OutcomeLineError((int)record.LineNumber, Describe(record.Reason))),
        };
        using var reader = CsvReader.Create(body, options);
        if (reader.Headers.Count == 0)
        {
            return OutcomeCsvFile.Refused($"The body is empty: send the header line {Header} and one line per outcome.");
        }

        if (!IsHeader(reader.Headers))
        {
            return OutcomeCsvFile.Refused($"The first line must be the header {Header} (these four columns, in this order).");
        }

        var rows = new List<OutcomeRow>();
        while (reader.Read())
        {
            var line = (int)reader.LineNumber;
            if (reader.FieldCount != Columns.Length)
            {
                errors.Add(new OutcomeLineError(line, $"has {reader.FieldCount} fields; expected {Columns.Length} ({Header})."));
                continue;
            }

            rows.Add(new OutcomeRow(line, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return new OutcomeCsvFile(rows, errors);
    }

    private static bool IsHeader(IReadOnlyList<string> names) =>
        names.Count == Columns.Length
        && names.Zip(Columns).All(pair => string.Equals(pair.First.Trim(), pair.Second, StringComparison.OrdinalIgnoreCase));

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "has a quote inside a field that is not quoted (quote the whole field and double the quote).",
        CsvMalformedReason.TextAfterClosingQuote => "has text after the closing quote of a field.",
        CsvMalformedReason.UnterminatedQuote => "opens a quoted field that is never closed: the rest of the file was not read.",
        _ => "cannot be read as CSV.",
    };
}
