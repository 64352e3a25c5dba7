using System.Collections;

namespace LeadFunctions.Scoring;

/// <summary>
/// Reads a <see cref="ScoreBreakdown"/> in order, building each contribution when it is read: a compiler-written
/// iterator would copy every 104-byte contribution into itself first, several times the cost of building it.
/// </summary>
internal sealed class ScoreBreakdownEnumerator(ScoreBreakdown breakdown) : IEnumerator<ScoreContribution>
{
    private int _index = -1;

    public ScoreContribution Current => breakdown[_index];

    object IEnumerator.Current => Current;

    public bool MoveNext() => ++_index < breakdown.Count;

    public void Reset() => _index = -1;

    public void Dispose()
    {
    }
}
