namespace LeadFunctions.Qualification;

/// <summary>One message on the rescore queue: a lead to rescore, or a page of a rescore of every lead.</summary>
public sealed record RescoreRequest
{
    public string? LeadId { get; init; }

    /// <summary>True for a rescore-all cursor message.</summary>
    public bool All { get; init; }

    public string? ContinuationToken { get; init; }
}
