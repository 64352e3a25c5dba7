namespace LeadFunctions.ModelVersions;

/// <summary>How a publish ended.</summary>
public enum PublishOutcome
{
    /// <summary>The version is live; the rescore of every lead has started.</summary>
    Published,

    /// <summary>No stored version has this name (404).</summary>
    NotFound,

    /// <summary>The request is malformed: no reason, or a forced publish with a short reason (400).</summary>
    Invalid,

    /// <summary>The gate refused, the version is live already, or another publish won (409).</summary>
    Conflict,
}
