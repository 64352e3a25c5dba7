using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Settings;

/// <summary>
/// Finds settings that no option binds: the configuration binder ignores them, so a misspelled key
/// (<c>Notifications__Routes__0__Country</c>) would silently drop what it was meant to set. Looks into nested settings
/// and lists of them (<c>Notifications__Routes__0__…</c>); the keys of a dictionary of settings are names the
/// configuration chooses (<c>Engagement__UserAgentPatterns__proofpoint</c>). A key the type marks as replaced
/// (<see cref="ReplacedSettingAttribute"/>) is named with its replacement.
/// </summary>
public sealed class UnknownSettingsCheck<T>(IConfiguration configuration, SettingsSection<T> section) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var errors = Of(typeof(T), configuration.GetSection(section.Name)).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>A configuration path as an app-setting name: <c>Notifications:Routes:0</c> is <c>Notifications__Routes__0</c>.</summary>
    private static string AppSetting(string path) => path.Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal);

    private static IEnumerable<string> Of(Type type, IConfigurationSection section)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var replaced = type.GetCustomAttributes<ReplacedSettingAttribute>().ToArray();
        foreach (var child in section.GetChildren())
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is not null)
            {
                foreach (var error in Nested(property.PropertyType, child))
                {
                    yield return error;
                }
            }
            else if (replaced.FirstOrDefault(r => string.Equals(r.Key, child.Key, StringComparison.OrdinalIgnoreCase)) is { } hint)
            {
                yield return hint.Hint;
            }
            else
            {
                yield return $"{AppSetting(child.Path)} is not a setting (misspelled?); "
                    + $"known: {string.Join(", ", properties.Select(p => p.Name))}.";
            }
        }
    }

    /// <summary>The unknown keys under a setting that is itself a group of settings, or a list of such groups.</summary>
    private static IEnumerable<string> Nested(Type type, IConfigurationSection child)
    {
        if (ItemType(type) is { } item && IsGroup(item))
        {
            return child.GetChildren().SelectMany(element => Of(item, element));
        }

        return IsGroup(type) ? Of(type, child) : [];
    }

    /// <summary>The element type of a list, the value type of a dictionary (its keys are the settings' own names), else null.</summary>
    private static Type? ItemType(Type type) =>
        type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) ? null
            : type.IsArray ? type.GetElementType()
            : type.GetGenericArguments() switch
            {
                [var item] => item,
                [_, var value] => value,
                _ => null,
            };

    private static bool IsGroup(Type type) => type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);
}
