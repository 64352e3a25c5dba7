namespace LeadFunctions.Infrastructure.Storage;

/// <summary>What a row of a due index is, once checked against what it points at (<see cref="LeadTables.ScanDueIndexAsync"/>).</summary>
internal enum DueRowState
{
    /// <summary>Not due yet (later this hour, or its next attempt is later): left as it is.</summary>
    NotDue,

    /// <summary>Due: its item is returned.</summary>
    Due,

    /// <summary>Its item is finished (sent, failed, answered): the row is deleted now.</summary>
    Done,

    /// <summary>Its item is not there (its write lost its race, or the lead is erased): deleted once it is old enough.</summary>
    Missing,
}
