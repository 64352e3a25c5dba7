using LeadFunctions.Http.Pages;
using LeadFunctions.Http.Protocol;
using LeadFunctions.ModelReviews;
using LeadFunctions.ModelVersions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Models;

/// <summary>
/// The models page: <c>GET /api/models/versions?format=html&amp;code=&lt;key&gt;</c>, the versions listing as a page the
/// marketing team reads (<see cref="ModelVersionsEndpoint.ListAsync"/> chooses it), with the latest weekly
/// reviews. Its links keep the page's
/// <c>format</c> and <c>code</c>; its curl lines name the key <c>$KEY</c>, never the key. Storage down: a small 503
/// page with <c>Retry-After</c>; a bad <c>continuationToken</c>: a small 400 page.
/// </summary>
public sealed class ModelsPageEndpoint(
    ModelVersionsOverviewService overview,
    IModelReviewStore reviews,
    StorageFaultGuard faults,
    HtmlPages pages)
{
    public Task<IActionResult> GetAsync(HttpRequest request, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return faults.RunAsync(
            "ModelsPage",
            async () =>
            {
                var versions = await overview.GetAsync(continuationToken, cancellationToken);
                var recent = await reviews.ListRecentAsync(ModelReviewRow.Shown, cancellationToken);
                return pages.Page<ModelVersionsPage>(
                    StatusCodes.Status200OK,
                    new Dictionary<string, object?>
                    {
                        [nameof(ModelVersionsPage.Overview)] = versions,
                        [nameof(ModelVersionsPage.Links)] = Links(request, continuationToken, versions.ContinuationToken),
                        [nameof(ModelVersionsPage.Reviews)] = recent.Select(ModelReviewRow.From).ToArray(),
                    });
            },
            Unavailable);
    }

    /// <summary>The small page for a <c>continuationToken</c> this page did not give.</summary>
    public HtmlPageResult BadToken() => pages.Message(
        StatusCodes.Status400BadRequest,
        ModelsPageText.Brand,
        "This page cannot be shown",
        "Query parameter 'continuationToken' is not one this page gave. Open the newest versions: ?format=html with your code.");

    private HtmlPageResult Unavailable() => pages.Message(
        StatusCodes.Status503ServiceUnavailable,
        ModelsPageText.Brand,
        "Try again in a moment",
        "The model versions could not be read just now. Reload the page in a minute.",
        StorageFaults.RetryAfter);

    private static ModelsPageLinks Links(HttpRequest request, string? current, string? next)
    {
        var apiBase = $"{request.Scheme}://{request.Host}{ApiLocation.Of(request, ApiRoutes.ModelVersions, string.Empty)}";
        var code = request.Query["code"].ToString();
        var page = "?format=html" + (code.Length > 0 ? "&code=" + Uri.EscapeDataString(code) : string.Empty);
        return new ModelsPageLinks(
            apiBase,
            current is null ? null : page,
            next is null ? null : page + "&continuationToken=" + Uri.EscapeDataString(next));
    }
}
