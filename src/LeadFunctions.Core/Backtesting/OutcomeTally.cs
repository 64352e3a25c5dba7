using System.Text.Json.Serialization;

namespace LeadFunctions.Backtesting;

/// <summary>
/// What one model said about a set of leads with known outcomes, at one scoring time, in counts that add up across
/// pages: the total scores (a <see cref="ScoreHistogram"/>), the leads the model put at SQL, and the leads per grade.
/// Every metric of the report is computed from these (<see cref="BacktestMetrics"/>).
/// </summary>
public sealed class OutcomeTally
{
    private readonly Dictionary<string, ClassCounts> _grades;

    public OutcomeTally()
    {
        Scores = new ScoreHistogram();
        _grades = new Dictionary<string, ClassCounts>(StringComparer.Ordinal);
    }

    [JsonConstructor]
    public OutcomeTally(ScoreHistogram scores, ClassCounts sql, IReadOnlyDictionary<string, ClassCounts> grades)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(grades);
        Scores = scores;
        Sql = sql;
        _grades = new Dictionary<string, ClassCounts>(grades, StringComparer.Ordinal);
    }

    public ScoreHistogram Scores { get; }

    /// <summary>The leads the model put at SQL (or beyond), won and not.</summary>
    public ClassCounts Sql { get; private set; }

    /// <summary>The leads per fit grade the model gave them, won and not.</summary>
    public IReadOnlyDictionary<string, ClassCounts> Grades => _grades;

    /// <summary>Counts one lead: its total score, grade and whether the model put it at SQL.</summary>
    public void Add(decimal totalScore, string grade, bool reachedSql, bool won)
    {
        ArgumentNullException.ThrowIfNull(grade);
        Scores.Add(totalScore, won);
        _grades[grade] = _grades.GetValueOrDefault(grade).Add(won);
        if (reachedSql)
        {
            Sql = Sql.Add(won);
        }
    }

    public void Merge(OutcomeTally other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Scores.Merge(other.Scores);
        Sql += other.Sql;
        foreach (var (grade, counts) in other._grades)
        {
            _grades[grade] = _grades.GetValueOrDefault(grade) + counts;
        }
    }
}
