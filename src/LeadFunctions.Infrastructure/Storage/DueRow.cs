namespace LeadFunctions.Infrastructure.Storage;

/// <summary>A due index row as <see cref="LeadTables.ScanDueIndexAsync"/> resolved it: its state, and its item when due.</summary>
internal readonly record struct DueRow<T>(DueRowState State, T? Item)
{
    public static DueRow<T> NotDue => new(DueRowState.NotDue, default);

    public static DueRow<T> Done => new(DueRowState.Done, default);

    public static DueRow<T> Missing => new(DueRowState.Missing, default);

    public static DueRow<T> Due(T item) => new(DueRowState.Due, item);
}
