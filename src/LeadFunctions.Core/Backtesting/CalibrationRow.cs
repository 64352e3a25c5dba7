namespace LeadFunctions.Backtesting;

/// <summary>
/// One score band of the calibration table: the win rate a team expects of a lead in the band (what the live model's
/// band won at outcome time, the rate its dashboard taught them) against the win rate this model's band had.
/// </summary>
public sealed record CalibrationRow(string Band, long Leads, double? ExpectedWinRate, double? ObservedWinRate);
