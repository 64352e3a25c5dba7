namespace LeadFunctions.Qualification;

/// <summary>One message on the rescore queue: a lead to rescore, or a page of a rescore of every lead.</summary>
public sealed record RescoreRequest
{
    public string? LeadId { get; init; }

    /// <summary>True for a rescore-all cursor message.</summary>
    public bool All { get; init; }

    public string? ContinuationToken { get; init; }

    /// <summary>
    /// The model version a publish started this rescore for: an instance that does not score with it yet reads the live
    /// pointer before rescoring (so every lead of the rescore carries the published version).
    /// </summary>
    public string? ModelVersion { get; init; }
}
