namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// How one due-index scan reads (<see cref="LeadTables.ScanDueIndexAsync"/>): due at <see cref="Now"/>, at most
/// <see cref="MaxCount"/> items, pages of <see cref="PageSize"/> rows and the columns in <see cref="Select"/> (null for
/// the service's defaults).
/// </summary>
internal readonly record struct DueIndexScan(DateTimeOffset Now, int MaxCount, int? PageSize = null, IEnumerable<string>? Select = null);
