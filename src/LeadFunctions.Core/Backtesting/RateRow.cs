namespace LeadFunctions.Backtesting;

/// <summary>A group of leads (a grade, a score band) and the share of it that was won.</summary>
public sealed record RateRow(string Name, long Leads, long Won, double? WinRate);
