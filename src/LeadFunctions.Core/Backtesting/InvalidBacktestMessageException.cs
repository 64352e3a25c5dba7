namespace LeadFunctions.Backtesting;

/// <summary>A backtest queue message that can never be processed (it goes to the poison queue after its retries).</summary>
public sealed class InvalidBacktestMessageException : Exception
{
    public InvalidBacktestMessageException()
    {
    }

    public InvalidBacktestMessageException(string message)
        : base(message)
    {
    }

    public InvalidBacktestMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
