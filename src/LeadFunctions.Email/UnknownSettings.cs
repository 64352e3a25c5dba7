using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace LeadFunctions.Email;

/// <summary>
/// Finds settings that no option binds: the configuration binder ignores them, so a misspelled key
/// (<c>Notifications__Routes__0__Country</c>) would silently drop what it was meant to set.
/// </summary>
internal static class UnknownSettings
{
    public static IEnumerable<string> Of<T>(IConfigurationSection section)
    {
        var known = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(property => property.Name).ToArray();
        return section.GetChildren()
            .Where(child => !known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            .Select(child => $"{AppSetting(child.Path)} is not a setting (misspelled?); known: {string.Join(", ", known)}.");
    }

    /// <summary>A configuration path as an app-setting name: <c>Notifications:Routes:0</c> is <c>Notifications__Routes__0</c>.</summary>
    public static string AppSetting(string path) => path.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal);
}
