namespace LeadFunctions.Scoring;

/// <summary>A scoring model document that cannot be used; <see cref="Errors"/> names every bad path.</summary>
public sealed class ScoringModelException : Exception
{
    public ScoringModelException()
        : this([])
    {
    }

    public ScoringModelException(string message)
        : base(message)
    {
        Errors = [new ModelError("$", message)];
    }

    public ScoringModelException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ModelError("$", message)];
    }

    public ScoringModelException(IReadOnlyList<ModelError> errors)
        : base("The scoring model is invalid: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ModelError> Errors { get; }
}
