namespace LeadFunctions.Scoring;

/// <summary>One problem in a model document, at a JSON path such as <c>$.engagement.rules[3].points</c>.</summary>
public sealed record ModelError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
