namespace LeadFunctions.Storage.Tables;

/// <summary>A table in the account.</summary>
/// <param name="Name">The table name.</param>
public sealed record TableItem(string Name);
