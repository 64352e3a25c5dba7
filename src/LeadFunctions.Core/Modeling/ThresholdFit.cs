using System.Globalization;
using LeadFunctions.Backtesting;
using LeadFunctions.Scoring;

namespace LeadFunctions.Modeling;

/// <summary>
/// Fits the qualification thresholds to a target on the leads given (their scores under the candidate's points).
/// MQL: the minimum fit and engagement at the same quantile of each, the lowest pair that keeps at most
/// <c>mqlShare</c> of the leads at MQL or above. SQL: the minimum total (fit + engagement) for the total route, the
/// lowest that keeps at most <c>sqlShare</c> of the leads at SQL, or the highest that still catches <c>sqlRecall</c> of
/// the won leads; the high-intent route (an MQL with a high-intent event in the window) counts towards the band as the
/// scorer counts it. Thresholds are whole points (rounded towards the target's safe side). A requirement of the SQL rule
/// that fewer than <see cref="UnsatisfiableShare"/> of the leads with an outcome meet (<c>requireBant</c>: budget,
/// authority, need and timeline all stated; <c>highIntent</c>: a high-intent event in the window before the outcome)
/// is relaxed, unless the options keep it: <c>requireBant</c> becomes false, the high-intent types are removed (the
/// band then comes from the total alone). Pure and deterministic.
/// </summary>
public static class ThresholdFit
{
    public const string RequireBant = "requireBant";
    public const string HighIntent = "highIntent";

    /// <summary>A requirement fewer than this share of the leads with an outcome meet is relaxed (unless kept).</summary>
    public const double UnsatisfiableShare = 0.05;

    /// <summary>The bands of <see cref="ThresholdFigures.Bands"/>, lowest first.</summary>
    public static IReadOnlyList<string> BandNames { get; } = ["below MQL", "MQL", "SQL"];

    /// <summary>What the thresholds are fitted on and judged against.</summary>
    /// <param name="Candidate">The candidate's leads (its points), held out of the fit.</param>
    /// <param name="Today">The same leads under the live model's points.</param>
    /// <param name="BantComplete">Leads with an outcome (all, not only held out) with BANT complete.</param>
    /// <param name="HighIntentSent">Leads with an outcome that sent a high-intent event in the window before it.</param>
    /// <param name="Outcomes">Leads with an outcome in all.</param>
    /// <param name="Weeks">Weeks from the first outcome to the last (at least 1).</param>
    public sealed record Evidence(
        IReadOnlyList<ThresholdLead> Candidate,
        IReadOnlyList<ThresholdLead> Today,
        int BantComplete,
        int HighIntentSent,
        int Outcomes,
        double Weeks);

    /// <summary>
    /// The proposed thresholds for <paramref name="start"/> (the candidate's), their figures and today's, and the warnings.
    /// </summary>
    public static (ThresholdSuggestion Suggestion, QualificationModel Qualification, IReadOnlyList<string> Warnings) Fit(
        QualificationModel start,
        QualificationModel live,
        Evidence evidence,
        SuggestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(options);
        var warnings = new List<string>();
        var relaxed = new List<string>();
        var sql = Relax(start.Sql, evidence, options, relaxed, warnings);
        var leads = evidence.Candidate;
        var mql = FitMql(leads, options.MqlShare, start.Mql);
        var minTotal = options.SqlRecall is { } recall
            ? FitRecall(leads, mql, sql, recall, warnings)
            : FitShare(leads, mql, sql, options.SqlShareTarget!.Value, warnings);
        // A rule with neither route would let no lead become an SQL (and the validator refuses it): a total no lead reaches.
        sql = sql with { MinTotal = minTotal ?? (sql.HighIntentEventTypes.Count == 0 ? PointsScale.MaxAbsolutePoints : null) };
        var qualification = start with { Mql = mql, Sql = sql };
        var proposed = Figures(qualification, leads, evidence);
        var today = Figures(live, evidence.Today, evidence);
        var achieved = options.SqlRecall is null ? proposed.SqlShare : proposed.SqlRecall ?? 0;
        var target = options.SqlRecall ?? options.SqlShareTarget!.Value;
        var shortOf = Math.Round(Math.Max(target - achieved, 0), 4);
        if (shortOf >= 0.01 && leads.Count > 0)
        {
            warnings.Add(ShortWarning(options, achieved, target, evidence, start.Sql, sql));
        }

        var suggestion = new ThresholdSuggestion
        {
            SqlShare = options.SqlShareTarget,
            SqlRecall = options.SqlRecall,
            MqlShare = options.MqlShare,
            Leads = leads.Count,
            Proposed = proposed,
            Today = today,
            Relaxed = relaxed,
            ShortOfTarget = shortOf,
        };
        return (suggestion, qualification, warnings);
    }

    /// <summary>The stage a model's thresholds give a new lead with these scores: (MQL or above, SQL).</summary>
    public static (bool Mql, bool Sql) Stage(QualificationModel qualification, ThresholdLead lead)
    {
        ArgumentNullException.ThrowIfNull(qualification);
        var mql = lead.Fit >= qualification.Mql.MinFit && lead.Engagement >= qualification.Mql.MinEngagement;
        var sql = qualification.Sql;
        var byIntent = mql && lead.HighIntent && sql.HighIntentEventTypes.Count > 0;
        var byTotal = sql.MinTotal is { } minTotal && lead.Total >= minTotal && (!sql.RequireBant || lead.BantComplete);
        return (mql || byIntent || byTotal, byIntent || byTotal);
    }

    /// <summary>The SQL rule with the requirements the data cannot satisfy relaxed (unless kept), each said in a warning.</summary>
    private static SqlThresholds Relax(
        SqlThresholds sql,
        Evidence evidence,
        SuggestionOptions options,
        List<string> relaxed,
        List<string> warnings)
    {
        var outcomes = Math.Max(evidence.Outcomes, 1);
        if (sql.RequireBant && evidence.BantComplete < UnsatisfiableShare * outcomes)
        {
            var share = Invariant($"only {evidence.BantComplete} of the {evidence.Outcomes} leads with an outcome ({
                100.0 * evidence.BantComplete / outcomes:0.0}%) have budget, authority, need and timeline all stated");
            if (options.Keep.Contains(RequireBant, StringComparer.Ordinal))
            {
                warnings.Add($"requireBant kept as asked, though {share}: the total route to SQL stays nearly empty.");
            }
            else
            {
                relaxed.Add(RequireBant);
                sql = sql with { RequireBant = false };
                warnings.Add($"requireBant relaxed (false): {share}, so with it the total route to SQL would stay nearly empty "
                    + "whatever the points. Keep it with \"keep\": [\"requireBant\"].");
            }
        }

        if (sql.HighIntentEventTypes.Count > 0 && evidence.HighIntentSent < UnsatisfiableShare * outcomes)
        {
            var share = Invariant($"only {evidence.HighIntentSent} of the {evidence.Outcomes} leads with an outcome ({
                100.0 * evidence.HighIntentSent / outcomes:0.0}%) sent {string.Join(" or ", sql.HighIntentEventTypes)} within {
                sql.HighIntentWithinDays} days before it");
            if (options.Keep.Contains(HighIntent, StringComparer.Ordinal))
            {
                warnings.Add($"highIntent kept as asked, though {share}: the high-intent route to SQL stays nearly empty.");
            }
            else
            {
                relaxed.Add(HighIntent);
                sql = sql with { HighIntentEventTypes = [] };
                warnings.Add($"highIntent relaxed (highIntentEventTypes emptied): {share}; the SQL band comes from the total "
                    + "(minTotal) alone. Keep it with \"keep\": [\"highIntent\"].");
            }
        }

        return sql;
    }

    /// <summary>
    /// MQL: for the k-th highest fit and engagement of the leads, the largest k whose pair keeps at most
    /// <paramref name="share"/> of them at MQL (both reached), rounded up to whole points.
    /// </summary>
    private static MqlThresholds FitMql(IReadOnlyList<ThresholdLead> leads, double share, MqlThresholds current)
    {
        if (leads.Count == 0)
        {
            return current;
        }

        var fits = leads.Select(lead => lead.Fit).OrderDescending().ToArray();
        var engagements = leads.Select(lead => lead.Engagement).OrderDescending().ToArray();
        int Reached(int k) => leads.Count(lead => lead.Fit >= Up(fits[k - 1]) && lead.Engagement >= Up(engagements[k - 1]));
        var (low, high) = (0, leads.Count);
        while (low < high)
        {
            var k = (low + high + 1) / 2;
            if (Reached(k) <= share * leads.Count)
            {
                low = k;
            }
            else
            {
                high = k - 1;
            }
        }

        return low == 0
            ? new MqlThresholds { MinFit = Up(fits[0]) + 1, MinEngagement = Up(engagements[0]) + 1 }
            : new MqlThresholds { MinFit = Up(fits[low - 1]), MinEngagement = Up(engagements[low - 1]) };
    }

    /// <summary>The lowest whole-point minimum total that keeps at most <paramref name="share"/> of the leads at SQL.</summary>
    private static decimal? FitShare(
        IReadOnlyList<ThresholdLead> leads, MqlThresholds mql, SqlThresholds sql, double share, List<string> warnings)
    {
        var totals = EligibleTotals(leads, sql);
        if (totals.Length == 0)
        {
            return sql.MinTotal;
        }

        // The band grows as the minimum falls: the last total (highest first) whose band still fits the target.
        var fits = LastIndex(totals.Length, j => SqlCount(leads, mql, sql with { MinTotal = Up(totals[j]) }).Sql <= share * leads.Count);
        decimal? chosen = fits < 0 ? null : Up(totals[fits]);
        if (chosen is null)
        {
            var byIntent = SqlCount(leads, mql, sql with { MinTotal = null }).Sql;
            if (byIntent > share * leads.Count)
            {
                warnings.Add(Invariant($"The high-intent route alone puts {100.0 * byIntent / leads.Count:0.0}% of the leads at SQL, ")
                    + Invariant($"above the target {share * 100:0.0}%; raise the MQL thresholds or empty highIntentEventTypes ")
                    + "to narrow it.");
            }

            return Up(totals[0]) + 1;
        }

        return chosen;
    }

    /// <summary>The highest whole-point minimum total whose SQL band catches at least <paramref name="recall"/> of the won leads.</summary>
    private static decimal? FitRecall(
        IReadOnlyList<ThresholdLead> leads, MqlThresholds mql, SqlThresholds sql, double recall, List<string> warnings)
    {
        var won = leads.Count(lead => lead.Won);
        var totals = EligibleTotals(leads, sql);
        if (totals.Length == 0 || won == 0)
        {
            return sql.MinTotal;
        }

        // Recall grows as the minimum falls: the first total (highest first) whose band catches enough won leads.
        var reaches = LastIndex(
            totals.Length, j => SqlCount(leads, mql, sql with { MinTotal = Math.Floor(totals[j]) }).Won < recall * won) + 1;
        if (reaches < totals.Length)
        {
            return Math.Floor(totals[reaches]);
        }

        warnings.Add(Invariant($"No minimum total reaches a recall of {recall * 100:0.0}%: the SQL rule's requirements leave ")
            + "won leads out whatever the total; the lowest total is proposed.");
        return Math.Floor(totals[^1]);
    }

    /// <summary>
    /// The last index in 0..count-1 where <paramref name="holds"/> (true up to some index, false after it); -1 when none.
    /// </summary>
    private static int LastIndex(int count, Func<int, bool> holds)
    {
        var (low, high) = (-1, count - 1);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (holds(middle))
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }

    /// <summary>The distinct totals of the leads the total route can take, highest first.</summary>
    private static decimal[] EligibleTotals(IReadOnlyList<ThresholdLead> leads, SqlThresholds sql) =>
        [.. leads.Where(lead => !sql.RequireBant || lead.BantComplete).Select(lead => lead.Total).Distinct().OrderDescending()];

    private static (int Sql, int Won) SqlCount(IReadOnlyList<ThresholdLead> leads, MqlThresholds mql, SqlThresholds sql)
    {
        var qualification = new QualificationModel { Mql = mql, Sql = sql };
        var (count, won) = (0, 0);
        foreach (var lead in leads)
        {
            if (Stage(qualification, lead).Sql)
            {
                count++;
                won += lead.Won ? 1 : 0;
            }
        }

        return (count, won);
    }

    private static ThresholdFigures Figures(QualificationModel qualification, IReadOnlyList<ThresholdLead> leads, Evidence evidence)
    {
        var bands = new ClassCounts[3];
        foreach (var lead in leads)
        {
            var (mql, sql) = Stage(qualification, lead);
            var band = sql ? 2 : mql ? 1 : 0;
            bands[band] = bands[band].Add(lead.Won);
        }

        var n = leads.Count;
        var won = bands.Sum(band => band.Won);
        double? Rate(double part, double whole) => whole == 0 ? null : Math.Round(part / whole, 4);
        var sqlShare = n == 0 ? 0 : (double)bands[2].Total / n;
        return new ThresholdFigures
        {
            Mql = qualification.Mql,
            Sql = qualification.Sql,
            MqlShare = Math.Round(n == 0 ? 0 : (double)(bands[1].Total + bands[2].Total) / n, 4),
            SqlShare = Math.Round(sqlShare, 4),
            SqlRecall = Rate(bands[2].Won, won),
            SqlPrecision = Rate(bands[2].Won, bands[2].Total),
            SqlsPerWeek = Math.Round(sqlShare * evidence.Outcomes / Math.Max(evidence.Weeks, 1), 2),
            Bands = [.. BandNames.Select((name, i) => new RateRow(name, bands[i].Total, bands[i].Won, Rate(bands[i].Won, bands[i].Total)))],
        };
    }

    private static string ShortWarning(
        SuggestionOptions options, double achieved, double target, Evidence evidence, SqlThresholds asked, SqlThresholds proposed)
    {
        var what = options.SqlRecall is null ? "share of leads at SQL" : "SQL recall";
        var kept = new List<string>();
        if (proposed.RequireBant && asked.RequireBant && evidence.BantComplete < UnsatisfiableShare * Math.Max(evidence.Outcomes, 1))
        {
            kept.Add(RequireBant);
        }

        if (proposed.HighIntentEventTypes.Count > 0 && evidence.HighIntentSent < UnsatisfiableShare * Math.Max(evidence.Outcomes, 1))
        {
            kept.Add(HighIntent);
        }

        var why = kept.Count > 0 ? $" because {string.Join(" and ", kept)} is kept" : " (ties in the scores, or too few leads)";
        return Invariant($"The proposed thresholds leave the {what} at {achieved:0.####}, {target - achieved:0.####} short of the target ")
            + Invariant($"{target:0.####}{why}.");
    }

    /// <summary>A score rounded up to a whole point (a threshold at it keeps every lead above).</summary>
    private static decimal Up(decimal score) => Math.Ceiling(score);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
