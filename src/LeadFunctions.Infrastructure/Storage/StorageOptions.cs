namespace LeadFunctions.Infrastructure.Storage;

/// <summary>Storage settings (section <c>Storage</c>); the account itself is the <c>AzureWebJobsStorage</c> connection.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Prefix of every table name (letters and digits), so several deployments or test runs can share an account.</summary>
    [System.ComponentModel.DataAnnotations.RegularExpression("^[A-Za-z][A-Za-z0-9]{0,20}$|^$")]
    public string TablePrefix { get; set; } = string.Empty;

    public string LeadsTable => TablePrefix + "Leads";

    public string EmailIndexTable => TablePrefix + "LeadEmails";

    public string StageIndexTable => TablePrefix + "LeadStages";

    public string DecayIndexTable => TablePrefix + "LeadDecayReviews";

    public string HandoffIndexTable => TablePrefix + "LeadHandoffs";

    /// <summary>Backtest jobs, their candidate models and scored pages (a partition per job; no personal data).</summary>
    public string BacktestsTable => TablePrefix + "Backtests";

    /// <summary>Suggestion jobs, their pages of evidence and their answers (a partition per job; lead ids, no contact data).</summary>
    public string SuggestionsTable => TablePrefix + "Suggestions";

    /// <summary>The funnel's counters per month, their "applied" markers, and the pending index of entries not yet counted.</summary>
    public string FunnelTable => TablePrefix + "LeadFunnel";

    /// <summary>The model registry: every stored model version, its document and the live pointer (no personal data).</summary>
    public string ModelVersionsTable => TablePrefix + "ModelVersions";

    /// <summary>Anonymous visitors: a partition per visitor (its claim, and its events until it joins a lead).</summary>
    public string VisitorsTable => TablePrefix + "LeadVisitors";

    /// <summary>The visitors holding events, by the hour their oldest event was received (the retention run reads it).</summary>
    public string VisitorRetentionTable => TablePrefix + "LeadVisitorRetention";

    /// <summary>The weekly model reviews: their figures, verdict and email state (no personal data but the review inbox).</summary>
    public string ModelReviewsTable => TablePrefix + "ModelReviews";

    public IEnumerable<string> AllTables =>
    [
        LeadsTable, EmailIndexTable, StageIndexTable, DecayIndexTable, HandoffIndexTable, BacktestsTable, SuggestionsTable, FunnelTable,
        ModelVersionsTable, VisitorsTable, VisitorRetentionTable, ModelReviewsTable,
    ];
}
