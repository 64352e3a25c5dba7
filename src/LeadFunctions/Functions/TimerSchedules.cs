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

    /// <summary>The weekly model review's schedule (default <c>0 0 6 * * 1</c>, Mondays 06:00 UTC), in the Models section.</summary>
    public const string ModelReviewSetting = "Models__ReviewSchedule";

    /// <summary>
    /// The binding names the configuration key (<c>Models:ReviewSchedule</c>), which is what the app setting
    /// <c>Models__ReviewSchedule</c> becomes once the host reads its environment: the host resolves <c>%…%</c> against its
    /// configuration, where no key keeps the <c>__</c>.
    /// </summary>
    public const string ModelReviewBinding = "%Models:ReviewSchedule%";
}
