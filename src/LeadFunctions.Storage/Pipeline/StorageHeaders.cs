namespace LeadFunctions.Storage;

/// <summary>Header names and values shared by the Table and Queue clients.</summary>
internal static class StorageHeaders
{
    public const string Date = "x-ms-date";
    public const string Version = "x-ms-version";
    public const string ErrorCode = "x-ms-error-code";
    public const string ContentType = "Content-Type";
    public const string Accept = "Accept";
    public const string IfMatch = "If-Match";
    public const string Prefer = "Prefer";
    public const string DataServiceVersion = "DataServiceVersion";
    public const string MaxDataServiceVersion = "MaxDataServiceVersion";
    public const string ApproximateMessagesCount = "x-ms-approximate-messages-count";
    public const string PopReceipt = "x-ms-popreceipt";
    public const string TimeNextVisible = "x-ms-time-next-visible";
    public const string ContinuationNextPartitionKey = "x-ms-continuation-NextPartitionKey";
    public const string ContinuationNextRowKey = "x-ms-continuation-NextRowKey";
    public const string MetadataPrefix = "x-ms-meta-";
}
