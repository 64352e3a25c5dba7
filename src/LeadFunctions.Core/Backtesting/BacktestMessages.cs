using System.Text.Json;
using System.Text.Json.Serialization;
using LeadFunctions.Leads;

namespace LeadFunctions.Backtesting;

/// <summary>
/// The JSON of a backtest queue message:
/// <c>{"jobId":"…","stage":"Won","page":1,"continuationToken":null,"leadsBefore":0}</c>, camelCase.
/// </summary>
public static class BacktestMessages
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Serialize(BacktestPageMessage message) => JsonSerializer.Serialize(message, Options);

    /// <summary>Reads a message; throws <see cref="InvalidBacktestMessageException"/> for anything that is not one.</summary>
    public static BacktestPageMessage Deserialize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var message = JsonSerializer.Deserialize<BacktestPageMessage>(text, Options);
            if (message is null || !BacktestJob.IsValidId(message.JobId) || message.Page < 1 || message.LeadsBefore < 0
                || !Modeling.KnownOutcomes.Stages.Contains(message.Stage))
            {
                throw new InvalidBacktestMessageException("The message is not a backtest page.");
            }

            return message;
        }
        catch (JsonException exception)
        {
            throw new InvalidBacktestMessageException("The message is not a backtest page's JSON.", exception);
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
