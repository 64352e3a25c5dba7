namespace LeadFunctions.Suggestions;

/// <summary>A queue message that is not a suggestion page (the queue function lets it fail into the poison queue).</summary>
public sealed class InvalidSuggestionMessageException : Exception
{
    public InvalidSuggestionMessageException()
    {
    }

    public InvalidSuggestionMessageException(string message)
        : base(message)
    {
    }

    public InvalidSuggestionMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
