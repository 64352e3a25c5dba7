namespace LeadFunctions.FunctionApp.Functions;

/// <summary>
/// The settings that hold the timers' NCRONTAB schedules, named once: the trigger attributes bind to these expressions
/// and the settings files, Bicep and the local host's fixtures use the same names.
/// </summary>
public static class TimerSchedules
{
    /// <summary>The decay and hand-off timer's schedule (default every 15 minutes).</summary>
    public const string DecayAndNotifySetting = "DecayAndNotifySchedule";

    public const string DecayAndNotifyBinding = "%" + DecayAndNotifySetting + "%";
}
