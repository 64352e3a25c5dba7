using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Http.Protocol;

/// <summary>
/// Paths of the app's own routes as the caller reached them: the host's route prefix (host.json
/// <c>extensions.http.routePrefix</c>, "api" unless set) is read off the request, whose path is
/// <c>/{prefix}/{route}</c>, so a <c>Location</c> header honours whatever prefix the host serves.
/// </summary>
public static class ApiLocation
{
    /// <summary>The Functions host's route prefix when host.json sets none; used when the request path does not show it.</summary>
    private const string DefaultPrefix = "/api/";

    /// <summary>
    /// The absolute path of <paramref name="targetPath"/> (a filled <see cref="ApiRoutes"/> template) beside the
    /// request's own route <paramref name="requestRoute"/> (a template without parameters, such as
    /// <see cref="ApiRoutes.Leads"/>).
    /// </summary>
    public static string Of(HttpRequest request, string requestRoute, string targetPath)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(requestRoute);
        ArgumentNullException.ThrowIfNull(targetPath);
        var path = (request.PathBase + request.Path).Value?.TrimEnd('/') ?? string.Empty;
        var prefix = path.EndsWith("/" + requestRoute, StringComparison.OrdinalIgnoreCase)
            ? path[..^requestRoute.Length]
            : DefaultPrefix;
        return prefix + targetPath;
    }
}
