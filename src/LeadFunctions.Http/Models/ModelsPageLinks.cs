namespace LeadFunctions.Http.Models;

/// <summary>
/// Where the models page points: the API's absolute base (<c>https://host/api/</c>, for the curl lines it prints) and
/// the pages before and after this one (relative links that keep the page's <c>format</c> and <c>code</c>; null when
/// there is none).
/// </summary>
public sealed record ModelsPageLinks(string ApiBase, string? FirstPage, string? NextPage)
{
    public string Publish(string version) => ApiBase + ApiRoutes.Fill(ApiRoutes.PublishModelVersion, version);

    public string Version(string version) => ApiBase + ApiRoutes.Fill(ApiRoutes.ModelVersion, version);

    public string Backtests => ApiBase + ApiRoutes.Backtests;
}
