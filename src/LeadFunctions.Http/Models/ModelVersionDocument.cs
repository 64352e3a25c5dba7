using System.Text.Json;
using System.Text.Json.Nodes;
using LeadFunctions.Http.Protocol;

namespace LeadFunctions.Http.Models;

/// <summary>
/// The body of <c>GET /api/models/versions/{version}</c>: the metadata's fields and <c>document</c>, the model as it was
/// posted (parsed as JSON with comments allowed, as the model parser reads it).
/// </summary>
public static class ModelVersionDocument
{
    private static readonly JsonDocumentOptions Lenient = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static string Write(ModelVersionResponse metadata, string json)
    {
        var body = JsonSerializer.SerializeToNode(metadata, ApiJson.Options)!.AsObject();
        body["document"] = JsonNode.Parse(json, documentOptions: Lenient);
        return body.ToJsonString(ApiJson.Options);
    }
}
