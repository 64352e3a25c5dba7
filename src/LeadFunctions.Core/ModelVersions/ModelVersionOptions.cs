using System.ComponentModel.DataAnnotations;

namespace LeadFunctions.ModelVersions;

/// <summary>Settings of the model registry (section <c>Models</c>).</summary>
public sealed class ModelVersionOptions
{
    public const string SectionName = "Models";

    /// <summary>
    /// How often each instance reads the live pointer (one point read), in seconds: a publish on any instance is used
    /// everywhere within this time (the publishing instance uses it at once).
    /// </summary>
    [Range(1, 60)]
    public int LiveRefreshSeconds { get; set; } = 30;
}
