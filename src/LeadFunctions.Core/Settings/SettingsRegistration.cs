using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Settings;

/// <summary>
/// The one way every layer registers its settings: bound once from their section, checked at start by their data
/// annotations (attributes, and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/> for rules across
/// one section's settings) and by <see cref="UnknownSettingsCheck{T}"/> (a key nothing binds stops the start instead of
/// being ignored). A missing or wrong setting stops the host at start with its app-setting name, never at the first
/// request.
/// </summary>
public static class SettingsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="sectionName"/> and validates it at start. Calling it again for the
    /// same type (two layers need the same settings) changes nothing: each options type is bound once.
    /// </summary>
    public static IServiceCollection AddValidatedSettings<T>(this IServiceCollection services, string sectionName)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(sectionName);
        if (services.Any(descriptor => descriptor.ServiceType == typeof(SettingsSection<T>)))
        {
            return services;
        }

        services.AddSingleton(new SettingsSection<T>(sectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, UnknownSettingsCheck<T>>());
        services.AddOptions<T>().BindConfiguration(sectionName).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
