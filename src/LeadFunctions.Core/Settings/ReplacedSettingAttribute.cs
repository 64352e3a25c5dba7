namespace LeadFunctions.Settings;

/// <summary>
/// A setting of this section that was renamed or removed: when it is still set, <see cref="UnknownSettingsCheck{T}"/>
/// stops the start with <see cref="Hint"/> (what to set instead) rather than "not a setting".
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class ReplacedSettingAttribute(string key, string hint) : Attribute
{
    /// <summary>The key inside the section, e.g. <c>LeadLinkBaseUrl</c>.</summary>
    public string Key { get; } = key;

    /// <summary>The whole message, naming the setting and its replacement.</summary>
    public string Hint { get; } = hint;
}
