using System.Text;
using LeadFunctions.Http.Outcomes;
using LeadFunctions.Outcomes;

namespace LeadFunctions.Http.Tests.Outcomes;

/// <summary>
/// The outcome file as CRMs and spreadsheets write it: each line's four fields as text, the line number where each
/// record starts, and the lines that cannot be split reported by number while the rest is read.
/// </summary>
public sealed class OutcomeCsvTests
{
    private const string Header = "email,outcome,occurredAt,reason";

    [Theory]
    // Plain line, LF.
    [InlineData(Header + "\na@x.example,won,2026-11-01,Annual plan\n", 2, "won", "Annual plan")]
    // CRLF line breaks (Excel, most CRM exports).
    [InlineData(Header + "\r\na@x.example,won,2026-11-01,Annual plan\r\n", 2, "won", "Annual plan")]
    // A UTF-8 byte order mark before the header (Excel's "CSV UTF-8"), and no line break at the end.
    [InlineData("\uFEFF" + Header + "\r\na@x.example,won,2026-11-01,Annual plan", 2, "won", "Annual plan")]
    // A comma inside a quoted field.
    [InlineData(Header + "\na@x.example,lost,2026-11-01,\"Price, and timing\"\n", 2, "lost", "Price, and timing")]
    // Doubled quotes inside a quoted field.
    [InlineData(Header + "\na@x.example,lost,2026-11-01,\"They said \"\"too expensive\"\"\"\n", 2, "lost", "They said \"too expensive\"")]
    // A formula is text, the same characters, never interpreted.
    [InlineData(
        Header + "\na@x.example,lost,2026-11-01,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n",
        2,
        "lost",
        "=HYPERLINK(\"http://x\",\"y\")")]
    // An empty reason.
    [InlineData(Header + "\na@x.example,won,2026-11-01,\n", 2, "won", "")]
    // The header in another case and with spaces around the names.
    [InlineData("Email, Outcome ,OCCURREDAT,Reason\na@x.example,won,2026-11-01,x\n", 2, "won", "x")]
    // Empty lines before a record are skipped, and still counted in its line number.
    [InlineData(Header + "\n\n\na@x.example,won,2026-11-01,x\n", 4, "won", "x")]
    public void A_line_s_fields_are_read_as_text_with_the_line_it_is_on(string csv, int line, string outcome, string reason)
    {
        var file = Read(csv);

        Assert.Null(file.Problem);
        Assert.Empty(file.Errors);
        Assert.Equal(new OutcomeRow(line, "a@x.example", outcome, "2026-11-01", reason), Assert.Single(file.Rows));
    }

    [Fact]
    public void A_quoted_reason_with_line_breaks_is_one_record_and_the_next_line_numbers_count_its_lines()
    {
        var file = Read(
            Header + "\r\n"
            + "a@x.example,lost,2026-11-01,\"Line one\r\nline two\r\nline three\"\r\n"
            + "b@x.example,won,2026-11-02,\r\n"
            + "c@x.example,won\r\n");

        Assert.Equal([(2, "Line one\r\nline two\r\nline three"), (5, "")], file.Rows.Select(row => (row.Line, row.Reason)));
        Assert.Equal(new OutcomeLineError(6, "has 2 fields; expected 4 (email,outcome,occurredAt,reason)."), Assert.Single(file.Errors));
    }

    [Theory]
    // Too few fields.
    [InlineData("a@x.example,won,2026-11-01", "has 3 fields; expected 4")]
    // Too many: an unquoted comma in the reason.
    [InlineData("a@x.example,lost,2026-11-01,Price,timing", "has 5 fields; expected 4")]
    // A stray quote in an unquoted field.
    [InlineData("a@x.example,lost,2026-11-01,the \"best\" price", "has a quote inside a field that is not quoted")]
    // Text after a closing quote.
    [InlineData("a@x.example,lost,2026-11-01,\"Price\" mostly", "has text after the closing quote")]
    public void A_line_that_cannot_be_split_is_reported_by_number_and_the_next_lines_are_read(string bad, string error)
    {
        var file = Read(Header + "\na@x.example,won,2026-11-01,\n" + bad + "\nb@x.example,won,2026-11-01,\n");

        Assert.Equal([2, 4], file.Rows.Select(row => row.Line));
        var reported = Assert.Single(file.Errors);
        Assert.Equal(3, reported.Line);
        Assert.StartsWith(error, reported.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("x.example", reported.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_quote_is_reported_on_the_line_it_opens()
    {
        var file = Read(Header + "\na@x.example,won,2026-11-01,\nb@x.example,lost,2026-11-01,\"Price\nc@x.example,won,2026-11-01,\n");

        Assert.Equal([2], file.Rows.Select(row => row.Line));
        Assert.Equal(3, Assert.Single(file.Errors).Line);
        Assert.Contains("never closed", file.Errors[0].Reason, StringComparison.Ordinal);
    }

    [Theory]
    // Nothing at all.
    [InlineData("", "The body is empty")]
    // A byte order mark alone.
    [InlineData("\uFEFF", "The body is empty")]
    // Only line breaks.
    [InlineData("\r\n\r\n", "The body is empty")]
    // No header: the first line is data.
    [InlineData("a@x.example,won,2026-11-01,x\n", "The first line must be the header email,outcome,occurredAt,reason")]
    // The columns in another order.
    [InlineData("outcome,email,occurredAt,reason\nwon,a@x.example,2026-11-01,x\n", "The first line must be the header")]
    // Semicolons (a European spreadsheet's CSV).
    [InlineData("email;outcome;occurredAt;reason\na@x.example;won;2026-11-01;x\n", "The first line must be the header")]
    // No reason column.
    [InlineData("email,outcome,occurredAt\na@x.example,won,2026-11-01\n", "The first line must be the header")]
    public void An_empty_body_or_a_wrong_header_refuses_the_whole_file(string csv, string problem)
    {
        var file = Read(csv);

        Assert.StartsWith(problem, file.Problem, StringComparison.Ordinal);
        Assert.Empty(file.Rows);
    }

    [Fact]
    public void A_header_without_lines_is_an_empty_import()
    {
        var file = Read(Header + "\r\n");

        Assert.Null(file.Problem);
        Assert.Empty(file.Rows);
        Assert.Empty(file.Errors);
    }

    private static OutcomeCsvFile Read(string csv) => OutcomeCsv.Read(Encoding.UTF8.GetBytes(csv));
}
