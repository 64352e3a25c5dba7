using System.Globalization;
using LeadFunctions.Leads;

namespace LeadFunctions.Http.Pages;

/// <summary>
/// How the pages write values: numbers and times invariant, ages and stages for people. The components encode what
/// these return, as every value.
/// </summary>
internal static class PageText
{
    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Points(decimal value) => value.ToString("+0.##;-0.##;0", CultureInfo.InvariantCulture);

    public static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"12 min", "5 h", "3 days".</summary>
    public static string Age(TimeSpan age) => age switch
    {
        { TotalMinutes: < 60 } => string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, (int)age.TotalMinutes)} min"),
        { TotalHours: < 48 } => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalDays} days"),
    };

    /// <summary>The stage as sales reads it.</summary>
    public static string StageName(LeadStage stage) => stage switch
    {
        LeadStage.Lead => "Lead",
        LeadStage.MQL => "MQL · marketing qualified",
        LeadStage.SQL => "SQL · sales qualified",
        LeadStage.SAL => "SAL · accepted by sales",
        LeadStage.Won => "Won",
        LeadStage.Lost => "Lost",
        LeadStage.Recycled => "Recycled · back to nurture",
        LeadStage.Disqualified => "Disqualified",
        _ => stage.ToString(),
    };

    /// <summary>A CSS class per stage (for its colour).</summary>
    public static string StageClass(LeadStage stage) => stage switch
    {
        LeadStage.SQL or LeadStage.SAL => "stage-hot",
        LeadStage.Won => "stage-won",
        LeadStage.Lost or LeadStage.Disqualified => "stage-out",
        _ => "stage-nurture",
    };
}
