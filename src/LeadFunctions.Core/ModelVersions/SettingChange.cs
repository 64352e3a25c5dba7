namespace LeadFunctions.ModelVersions;

/// <summary>
/// One setting that differs between two models, as people read it: its name and its value in each, written invariantly
/// (<c>cap</c>: <c>30</c> → <c>80</c>). A list that changed is two entries, <c>… added</c> with only <see cref="New"/>
/// and <c>… removed</c> with only <see cref="Old"/>, each naming the values: long lists stay readable.
/// </summary>
/// <param name="Name">What changed (<c>cap</c>, <c>MQL: minimum fit</c>, <c>values added</c>).</param>
/// <param name="Old">Its value in the model compared against (live); null for a list's additions.</param>
/// <param name="New">Its value in the version; null for a list's removals.</param>
public sealed record SettingChange(string Name, string? Old, string? New);
