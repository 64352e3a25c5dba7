namespace LeadFunctions.Suggestions;

/// <summary>Where a suggestion job is. The numbers are stored; never renumber them.</summary>
public enum SuggestionStatus
{
    /// <summary>Pages of outcomes are being read, one queue message at a time (or the fit is running after the last).</summary>
    Running = 0,

    /// <summary>Every page was read and the fit's answer is stored.</summary>
    Completed = 1,

    /// <summary>A page failed its retries, the live model changed, or the outcomes cannot support a fit; the reason is stored.</summary>
    Failed = 2,
}
