using System.ComponentModel.DataAnnotations;

namespace LeadFunctions.Visitors;

/// <summary>Settings of anonymous visitor tracking (section <c>Tracking</c>).</summary>
public sealed class TrackingOptions
{
    public const string SectionName = "Tracking";

    /// <summary>
    /// Days a visitor's events are kept after they were received while the visitor has not identified; then the decay
    /// timer's run deletes them. Events of a visitor that joined a lead are the lead's and stay.
    /// </summary>
    [Range(1, 3650, ErrorMessage = "Tracking__AnonymousRetentionDays must be between 1 and 3650.")]
    public int AnonymousRetentionDays { get; set; } = 30;
}
