namespace LeadFunctions.Qualification;

/// <summary>A queue message that can never be processed (it goes to the poison queue after its retries).</summary>
public sealed class InvalidRescoreRequestException : Exception
{
    public InvalidRescoreRequestException()
    {
    }

    public InvalidRescoreRequestException(string message)
        : base(message)
    {
    }

    public InvalidRescoreRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
