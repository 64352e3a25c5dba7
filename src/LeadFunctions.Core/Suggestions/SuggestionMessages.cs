using System.Text.Json;
using System.Text.Json.Serialization;
using LeadFunctions.Leads;
using LeadFunctions.Modeling;

namespace LeadFunctions.Suggestions;

/// <summary>
/// The JSON of a suggestion queue message:
/// <c>{"jobId":"…","attempt":"…","stage":"Won","page":1,"continuationToken":null,"leadsBefore":0}</c>, camelCase.
/// </summary>
public static class SuggestionMessages
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Serialize(SuggestionPageMessage message) => JsonSerializer.Serialize(message, Options);

    /// <summary>Reads a message; throws <see cref="InvalidSuggestionMessageException"/> for anything that is not one.</summary>
    public static SuggestionPageMessage Deserialize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var message = JsonSerializer.Deserialize<SuggestionPageMessage>(text, Options);
            if (message is null || !SuggestionJob.IsValidId(message.JobId) || !SuggestionJob.IsValidAttempt(message.Attempt)
                || message.Page < 1 || message.LeadsBefore < 0 || !KnownOutcomes.Stages.Contains(message.Stage))
            {
                throw new InvalidSuggestionMessageException("The message is not a suggestion page.");
            }

            return message;
        }
        catch (JsonException exception)
        {
            throw new InvalidSuggestionMessageException("The message is not a suggestion page's JSON.", exception);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { RespectNullableAnnotations = true };
        options.Converters.Add(new JsonStringEnumConverter<LeadStage>());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
