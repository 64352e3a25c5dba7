using LeadFunctions.Scoring;

namespace LeadFunctions.ModelVersions;

/// <summary>
/// The model deployed with the app (the bundled one, or the file <c>Scoring__ModelPath</c> names), with its JSON: what
/// an instance scores with until it has read the registry, and what an empty registry is seeded with.
/// </summary>
/// <param name="Json">The document as read from the file or the bundle.</param>
/// <param name="Model">The document, validated and compiled.</param>
public sealed record SeedModel(string Json, ScoringModel Model);
