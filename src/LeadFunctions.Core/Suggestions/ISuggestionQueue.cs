namespace LeadFunctions.Suggestions;

/// <summary>The port to the suggestion queue: each message asks for one page of a job's outcomes to be read.</summary>
public interface ISuggestionQueue
{
    Task EnqueueAsync(SuggestionPageMessage message, CancellationToken cancellationToken = default);
}
