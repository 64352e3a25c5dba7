using LeadFunctions.FunctionApp.Functions;
using LeadFunctions.Testing.Backtesting;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Tests.Functions;

[Collection(FunctionAppCollection.Name)]
public sealed class ModelVersionFunctionsTests(FunctionAppFixture app)
{
    [Fact]
    public async Task A_version_is_created_read_listed_shown_on_the_models_page_and_force_published_through_the_app()
    {
        var version = "fa-" + Guid.NewGuid().ToString("N")[..8];
        var json = CandidateModels.Candidate().Replace(CandidateModels.Version, version, StringComparison.Ordinal);

        var created = await app.InvokeHttpAsync<ModelVersionFunctions>(
            FunctionRequest.Create("POST", "/api/models/versions", json),
            (functions, request, ct) => functions.CreateModelVersionAsync(request, ct));
        Assert.Equal(StatusCodes.Status201Created, created.StatusCode);

        var read = await app.InvokeHttpAsync<ModelVersionFunctions>(
            FunctionRequest.Create("GET", $"/api/models/versions/{version}", null),
            (functions, request, ct) => functions.GetModelVersionAsync(request, version, ct));
        Assert.Equal(StatusCodes.Status200OK, read.StatusCode);
        Assert.Equal("draft", read.Json()["status"]!.GetValue<string>());

        var published = await app.InvokeHttpAsync<ModelVersionFunctions>(
            FunctionRequest.Create("POST", $"/api/models/versions/{version}/publish", """{"reason":"function app test","force":true}"""),
            (functions, request, ct) => functions.PublishModelVersionAsync(request, version, ct));
        Assert.Equal(StatusCodes.Status200OK, published.StatusCode);
        Assert.Equal(version, published.Json()["live"]!.GetValue<string>());

        var listed = await app.InvokeHttpAsync<ModelVersionFunctions>(
            FunctionRequest.Create("GET", "/api/models/versions", null),
            (functions, request, ct) => functions.ListModelVersionsAsync(request, ct));
        Assert.Equal(version, listed.Json()["live"]!.GetValue<string>());

        var page = await app.InvokeHttpAsync<ModelVersionFunctions>(
            FunctionRequest.Create("GET", "/api/models/versions?format=html&code=key", null),
            (functions, request, ct) => functions.ListModelVersionsAsync(request, ct));
        Assert.Equal(StatusCodes.Status200OK, page.StatusCode);
        Assert.Equal("text/html; charset=utf-8", page.ContentType);
        Assert.Contains($"<h2 class=\"live-version\"><span class=\"version-name\">{version}</span>", page.Body, StringComparison.Ordinal);

        var rolledBack = await app.InvokeHttpAsync<ModelVersionFunctions>(
            FunctionRequest.Create("POST", $"/api/models/versions/{published.Json()["previous"]!.GetValue<string>()}/publish",
                """{"reason":"back to the version before"}"""),
            (functions, request, ct) => functions.PublishModelVersionAsync(
                request, published.Json()["previous"]!.GetValue<string>(), ct));
        Assert.Equal(StatusCodes.Status200OK, rolledBack.StatusCode);
    }
}
