using System.Globalization;
using LeadFunctions.Capture;

namespace LeadFunctions.Core.Tests.Capture;

public sealed class FormValuesTests
{
    [Theory]
    [InlineData("250", 250)]
    [InlineData(" 250 ", 250)] // padded by the form builder
    [InlineData("51-200", 51)] // a band counts as its lower bound
    [InlineData("51 - 200", 51)]
    [InlineData("10–50", 10)] // en dash, as typography-minded forms post it
    [InlineData("1000+", 1000)]
    [InlineData("1,000+", 1000)] // thousands separator
    [InlineData("10,000-50,000", 10000)]
    [InlineData("12.7", 12)] // a fraction is cut off, not rounded
    [InlineData("1.000", 1)] // a German "1.000" is read the invariant way: one, with a decimal point
    [InlineData("0", 0)]
    [InlineData("2147483647", int.MaxValue)] // the largest size that fits; LeadProfileRules bounds it later
    public void Reads_a_company_size_as_its_number_of_employees(string text, int expected)
    {
        Assert.True(FormValues.TryParseCompanySize(text, out var employees));
        Assert.Equal(expected, employees);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("many")]
    [InlineData("-5")] // a sign is not a band's dash
    [InlineData("+")]
    [InlineData("1e3")] // no exponents
    [InlineData("1 000")] // a space is not a thousands separator
    [InlineData("2147483648")] // one more than an int holds
    [InlineData("50 employees")]
    public void Refuses_a_company_size_it_cannot_read(string text)
    {
        Assert.False(FormValues.TryParseCompanySize(text, out var employees));
        Assert.Equal(0, employees);
    }

    [Theory]
    [InlineData("50000", "50000")]
    [InlineData("50k", "50000")]
    [InlineData("50K", "50000")]
    [InlineData("50 k", "50000")] // space before the suffix
    [InlineData("$1.2m", "1200000")]
    [InlineData("1.2M", "1200000")]
    [InlineData("€10,000", "10000")]
    [InlineData("£5k", "5000")]
    [InlineData("$ 50k", "50000")] // space after the currency sign
    [InlineData("10k-50k", "10000")] // a band counts as its lower bound
    [InlineData("10k – 50k", "10000")] // en dash with spaces
    [InlineData("100k+", "100000")]
    [InlineData("1,5k", "15000")] // a decimal comma is read as a thousands separator: 15,000, not 1,500
    [InlineData("1000000000k", "1000000000000")] // exactly the largest budget read
    [InlineData("1000000000000", "1000000000000")]
    [InlineData("0", "0")]
    public void Reads_a_budget_as_an_amount(string text, string expected)
    {
        Assert.True(FormValues.TryParseBudget(text, out var amount));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), amount);
    }

    [Theory]
    [InlineData("")]
    [InlineData("k")] // a suffix with no number
    [InlineData("$")]
    [InlineData("fifty thousand")]
    [InlineData("-50k")] // a sign is not a band's dash
    [InlineData("2b")] // billions are not a suffix it knows
    [InlineData("50 USD")]
    [InlineData("1.000.000")] // two decimal points
    [InlineData("1000000001k")] // over the largest budget read (one trillion)
    [InlineData("1000000000001")]
    [InlineData("1000001m")]
    public void Refuses_a_budget_it_cannot_read(string text)
    {
        Assert.False(FormValues.TryParseBudget(text, out var amount));
        Assert.Equal(0m, amount);
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("3 months", 3)]
    [InlineData("1 month", 1)]
    [InlineData("3mo", 3)]
    [InlineData("3 MONTHS", 3)]
    [InlineData("6 weeks", 2)] // weeks round up to whole months
    [InlineData("1 week", 1)]
    [InlineData("4 weeks", 1)]
    [InlineData("5 weeks", 2)]
    [InlineData("0 weeks", 0)]
    [InlineData("1 year", 12)]
    [InlineData("2 years", 24)]
    [InlineData("within 3 months", 3)]
    [InlineData("Within 2 weeks", 1)]
    [InlineData("now", 0)]
    [InlineData("NOW", 0)]
    [InlineData(" immediately ", 0)]
    [InlineData("asap", 0)]
    [InlineData("9999 years", 119988)] // the most digits read; LeadProfileRules bounds the months later
    public void Reads_a_timeline_as_months_until_purchase(string text, int expected)
    {
        Assert.True(FormValues.TryParseTimelineMonths(text, out var months));
        Assert.Equal(expected, months);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("next quarter")]
    [InlineData("within")] // no number after it
    [InlineData("3 days")] // a unit it does not know
    [InlineData("3.5 months")] // no fractions
    [InlineData("-3")]
    [InlineData("10000")] // five digits
    [InlineData("٣")] // Arabic-Indic digit three: ASCII digits only
    [InlineData("now-ish")]
    public void Refuses_a_timeline_it_cannot_read(string text)
    {
        Assert.False(FormValues.TryParseTimelineMonths(text, out var months));
        Assert.Equal(0, months);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("on", true)] // an HTML checkbox's default value
    [InlineData("yes", true)]
    [InlineData("1", true)]
    [InlineData("checked", true)]
    [InlineData(" TRUE ", true)]
    [InlineData("false", false)]
    [InlineData("off", false)]
    [InlineData("no", false)]
    [InlineData("0", false)]
    [InlineData("maybe", null)] // neither: consent stays unknown
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Reads_consent_as_given_or_unknown(string? text, bool? expected)
    {
        Assert.Equal(expected, FormValues.ParseConsent(text));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData(" \t\n ", null)] // blank becomes null
    [InlineData("  Acme  ", "Acme")]
    [InlineData("Acme Corp", "Acme Corp")] // inner spaces stay
    public void Cleans_text_by_trimming_it_and_dropping_blanks(string? text, string? expected)
    {
        Assert.Equal(expected, FormValues.Clean(text));
    }
}
