using Azure;

namespace LeadFunctions.Storage.Tables;

/// <summary>
/// An entity group transaction was rejected: nothing in it was applied. <see cref="FailedTransactionActionIndex"/>
/// is the zero-based index of the action the service reported, <see cref="RequestFailedException.ErrorCode"/>
/// its error code (for example <c>EntityAlreadyExists</c> or <c>ResourceNotFound</c>).
/// </summary>
public sealed class TableTransactionFailedException : RequestFailedException
{
    /// <summary>Creates the exception.</summary>
    public TableTransactionFailedException(int status, string message, string? errorCode, int? failedTransactionActionIndex)
        : base(status, message, errorCode, innerException: null)
    {
        FailedTransactionActionIndex = failedTransactionActionIndex;
    }

    /// <summary>The zero-based index of the failed action, when the service named one.</summary>
    public int? FailedTransactionActionIndex { get; }
}
