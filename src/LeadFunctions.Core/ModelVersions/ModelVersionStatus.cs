namespace LeadFunctions.ModelVersions;

/// <summary>Where a stored model version stands. Stored by name (lower case in the API).</summary>
public enum ModelVersionStatus
{
    /// <summary>Stored, never live: a candidate to backtest and publish.</summary>
    Draft,

    /// <summary>The version every instance scores with (exactly one at a time).</summary>
    Live,

    /// <summary>Was live and was replaced: may be published again (a rollback) without a new backtest.</summary>
    Retired,
}
