namespace LeadFunctions.Settings;

/// <summary>The configuration section an options type is bound to (registered once per type).</summary>
/// <typeparam name="T">The options type.</typeparam>
/// <param name="Name">The section's name, e.g. <c>Handoff</c>.</param>
public sealed record SettingsSection<T>(string Name)
    where T : class;
