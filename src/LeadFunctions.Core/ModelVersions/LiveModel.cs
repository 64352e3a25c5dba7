using LeadFunctions.Scoring;

namespace LeadFunctions.ModelVersions;

/// <summary>
/// The model this instance scores with: the registry's live version, kept in memory. Every use of the model reads
/// <see cref="Current"/> (a volatile field read, never I/O); <see cref="LiveModelRefresher"/> swaps it when the live
/// pointer moves. Starts with the model deployed with the app (the seed), until the registry has been read.
/// </summary>
public sealed class LiveModel(ScoringModel initial) : IScoringModelSource
{
    private volatile ScoringModel _current = initial ?? throw new ArgumentNullException(nameof(initial));

    public ScoringModel Current => _current;

    /// <summary>Uses <paramref name="model"/> from the next scoring on.</summary>
    public void Use(ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _current = model;
    }
}
