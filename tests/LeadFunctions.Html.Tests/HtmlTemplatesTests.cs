using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.Html.Tests;

public sealed class HtmlTemplatesTests
{
    [Fact]
    public async Task Renders_values_encoded_in_text_and_attributes_and_marked_up_constants_as_is()
    {
        await using var templates = new HtmlTemplates(NullLoggerFactory.Instance);

        var html = await templates.RenderAsync<ValueCard>(new Dictionary<string, object?> { ["Value"] = "<b>\"x\" & 'y' (+1)</b>" });

        Assert.Equal(
            "<p title=\"&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39; (+1)&lt;/b&gt;\">&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39; (+1)&lt;/b&gt;</p>"
            + "<b>ours</b>",
            html);
    }

    [Fact]
    public async Task Renders_concurrently_and_keeps_nothing_of_a_render()
    {
        await using var templates = new HtmlTemplates(NullLoggerFactory.Instance);

        var pages = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => templates.RenderAsync<ValueCard>(new Dictionary<string, object?> { ["Value"] = $"v{i}" }))));

        Assert.All(pages, (html, i) => Assert.StartsWith($"<p title=\"v{i}\">v{i}</p>", html, StringComparison.Ordinal));
    }
}
