namespace LeadFunctions.Scoring;

/// <summary>
/// Where the scoring model in use comes from: the live model that follows the registry's live pointer
/// (<see cref="ModelVersions.LiveModel"/>), or one fixed model (a <see cref="ScoringModel"/> is its own source, for a
/// backtest's candidate and for tests). Read <see cref="Current"/> once per unit of work; it never does I/O.
/// </summary>
public interface IScoringModelSource
{
    /// <summary>The model to use now (a field read: no I/O, no lock).</summary>
    ScoringModel Current { get; }
}
