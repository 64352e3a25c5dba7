using System.Net;
using System.Text;

namespace LeadFunctions.Html.Tests;

public sealed class WebUtilityHtmlEncoderTests
{
    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("\"CTO\" & <i>owner</i>")]
    [InlineData("Requested a demo (+30) \\ ` = ~")]
    [InlineData("Lead → MQL · Choose a reason… – Müller é ÿ \u00a0 \u0100")]
    [InlineData("emoji 😀 and a lone surrogate \ud800 here")]
    [InlineData("")]
    public void Encodes_as_WebUtility_HtmlEncode(string value)
    {
        Assert.Equal(WebUtility.HtmlEncode(value), WebUtilityHtmlEncoder.Instance.Encode(value));
    }

    [Fact]
    public void Encodes_every_character_of_the_basic_plane_as_WebUtility_HtmlEncode()
    {
        var all = new StringBuilder();
        for (var c = 1; c <= 0xFFFF; c++)
        {
            if (!char.IsSurrogate((char)c))
            {
                all.Append((char)c);
            }
        }

        Assert.Equal(WebUtility.HtmlEncode(all.ToString()), WebUtilityHtmlEncoder.Instance.Encode(all.ToString()));
    }
}
