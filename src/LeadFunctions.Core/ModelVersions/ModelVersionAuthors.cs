namespace LeadFunctions.ModelVersions;

/// <summary>
/// The <c>createdBy</c> and <c>publishedBy</c> values the app records. The isolated worker is not told which function
/// key authorised a request (the Functions host checks the key and forwards the request without the key's name), so
/// API calls are recorded as <see cref="Api"/>; docs/model-versions.md has the detail.
/// </summary>
public static class ModelVersionAuthors
{
    public const string Api = "api";

    public const string Seed = "seed";
}
