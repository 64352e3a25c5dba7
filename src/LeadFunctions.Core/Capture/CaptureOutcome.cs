namespace LeadFunctions.Capture;

public enum CaptureOutcome
{
    Accepted = 0,
    Invalid = 1,
    Ignored = 2,
}
