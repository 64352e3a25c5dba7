namespace LeadFunctions.Qualification;

/// <summary>Settings of the decay timer (section <c>Decay</c>).</summary>
public sealed class DecayOptions
{
    public const string SectionName = "Decay";

    /// <summary>Leads read from the due index per page.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000, ErrorMessage = "Decay__PageSize must be between 1 and 1000.")]
    public int PageSize { get; set; } = 500;

    /// <summary>Upper bound per run, so one run always ends well inside the timer's period; the rest waits for the next run.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000, ErrorMessage = "Decay__MaxLeadsPerRun must be between 1 and 1000000.")]
    public int MaxLeadsPerRun { get; set; } = 20_000;

    /// <summary>Leads rescored at once.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 64, ErrorMessage = "Decay__Parallelism must be between 1 and 64.")]
    public int Parallelism { get; set; } = 16;
}
