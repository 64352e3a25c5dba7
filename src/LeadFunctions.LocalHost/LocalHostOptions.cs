namespace LeadFunctions.LocalHost;

/// <summary>Settings only the local host reads (section <c>LocalHost</c>).</summary>
public sealed class LocalHostOptions
{
    public const string SectionName = "LocalHost";

    /// <summary>The key for function-level routes and the admin route (in Azure the Functions host manages keys).</summary>
    [System.ComponentModel.DataAnnotations.Required]
    [System.ComponentModel.DataAnnotations.MinLength(16)]
    public string FunctionKey { get; set; } = string.Empty;

    /// <summary>Where host.json is; the repository root's by default.</summary>
    public string? HostJsonPath { get; set; }

    /// <summary>False to serve HTTP only (no queue polling, no timers), e.g. for a second host in a test.</summary>
    public bool RunTriggers { get; set; } = true;
}
