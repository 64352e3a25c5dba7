namespace LeadFunctions.Modeling;

/// <summary>One lead as the thresholds see it: its outcome, its scores under one model, and what the SQL rule asks of it.</summary>
/// <param name="Won">True for Won.</param>
/// <param name="Fit">Its fit score.</param>
/// <param name="Engagement">Its engagement score.</param>
/// <param name="BantComplete">Budget, authority, need and timeline all stated (as that model reads them).</param>
/// <param name="HighIntent">It sent a high-intent event within the window before its outcome.</param>
public readonly record struct ThresholdLead(bool Won, decimal Fit, decimal Engagement, bool BantComplete, bool HighIntent)
{
    public decimal Total => Fit + Engagement;
}
