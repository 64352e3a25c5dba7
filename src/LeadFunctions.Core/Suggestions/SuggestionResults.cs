using System.Text.Json;
using System.Text.Json.Serialization;
using LeadFunctions.Modeling;

namespace LeadFunctions.Suggestions;

/// <summary>
/// A completed job's answer as it is stored: the <see cref="PointsSuggestion"/> as JSON (camelCase, enums as names),
/// read back whole for <c>GET /api/models/suggestions/{id}</c>; also a job's options as the job row keeps them.
/// </summary>
public static class SuggestionResults
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Serialize(PointsSuggestion suggestion) => JsonSerializer.Serialize(suggestion, Options);

    public static PointsSuggestion Deserialize(string json) =>
        JsonSerializer.Deserialize<PointsSuggestion>(json, Options) ?? throw new JsonException("The stored suggestion is null.");

    public static string SerializeOptions(SuggestionOptions options) => JsonSerializer.Serialize(options, Options);

    public static SuggestionOptions DeserializeOptions(string json) =>
        JsonSerializer.Deserialize<SuggestionOptions>(json, Options) ?? throw new JsonException("The stored options are null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
