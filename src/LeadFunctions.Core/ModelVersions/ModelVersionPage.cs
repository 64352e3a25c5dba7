namespace LeadFunctions.ModelVersions;

/// <summary>One page of stored versions, newest first, and where the next page starts (null after the last).</summary>
public sealed record ModelVersionPage(IReadOnlyList<ModelVersion> Versions, string? ContinuationToken);
