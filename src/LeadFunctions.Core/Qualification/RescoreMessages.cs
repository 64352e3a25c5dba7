using System.Text.Json;
using LeadFunctions.Leads;

namespace LeadFunctions.Qualification;

/// <summary>
/// The JSON of a <c>lead-rescore</c> queue message: <c>{"leadId":"…"}</c>, or <c>{"all":true,"continuationToken":"…"}</c>
/// for a rescore of every lead. camelCase, as the Functions queue trigger binds it to <see cref="RescoreRequest"/>.
/// </summary>
public static class RescoreMessages
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault,
    };

    public static string Serialize(RescoreRequest request) => JsonSerializer.Serialize(request, Options);

    public static string ForLead(string leadId, string? modelVersion = null) =>
        Serialize(new RescoreRequest { LeadId = leadId, ModelVersion = modelVersion });

    /// <summary>Reads a message; throws <see cref="InvalidRescoreRequestException"/> for anything that is not one.</summary>
    public static RescoreRequest Deserialize(string text)
    {
        try
        {
            var request = JsonSerializer.Deserialize<RescoreRequest>(text, Options);
            if (request is null || (!request.All && !Lead.IsValidLeadId(request.LeadId))
                || (request.ModelVersion is not null && !ModelVersions.ModelVersionName.IsValid(request.ModelVersion)))
            {
                throw new InvalidRescoreRequestException("The message is not a rescore request.");
            }

            return request;
        }
        catch (JsonException exception)
        {
            throw new InvalidRescoreRequestException("The message is not JSON.", exception);
        }
    }
}
