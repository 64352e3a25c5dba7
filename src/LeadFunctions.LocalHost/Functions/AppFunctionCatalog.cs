using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.LocalHost.Functions;

/// <summary>
/// The function surface of the Functions app, read from the app itself: every public method with <c>[Function]</c>
/// in the app's assembly, with its trigger attribute. The local host maps and runs exactly these, so a function added
/// to src/LeadFunctions runs locally with no second edit. Refuses (at start) what the Functions host refuses at
/// start-up, with the host's message: invalid names, a number of triggers other than one, routes that start with the
/// host's own <c>admin</c> or <c>runtime</c>, two functions on one route and method.
/// </summary>
internal sealed partial class AppFunctionCatalog
{
    private static readonly string[] ReservedRoutePrefixes = ["admin", "runtime"];

    private AppFunctionCatalog(IReadOnlyList<AppFunction> functions) => Functions = functions;

    public IReadOnlyList<AppFunction> Functions { get; }

    /// <summary>The functions of the app that the local host runs (the assembly of src/LeadFunctions).</summary>
    public static AppFunctionCatalog ForApp() => Load(typeof(FunctionApp.FunctionAppBuilder).Assembly.GetExportedTypes());

    /// <summary>The functions declared by these types.</summary>
    /// <exception cref="InvalidOperationException">
    /// The Functions host would refuse a function; the message is the host's.
    /// </exception>
    public static AppFunctionCatalog Load(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var functions = types
            .SelectMany(type => type.GetMethods(
                BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<FunctionAttribute>()))
            .Where(entry => entry.Attribute is not null)
            .Select(entry => Describe(entry.Attribute!.Name, entry.Method))
            .OrderBy(function => function.Name, StringComparer.Ordinal)
            .ToArray();
        Validate(functions);
        return new AppFunctionCatalog(functions);
    }

    /// <summary>The non-HTTP function of that name (the admin API's "run now"), case-insensitive as in the host.</summary>
    public AppFunction? FindNonHttp(string name) =>
        Functions.FirstOrDefault(function =>
            function.Http is null && string.Equals(function.Name, name, StringComparison.OrdinalIgnoreCase));

    private static AppFunction Describe(string name, MethodInfo method)
    {
        var triggers = method.GetParameters()
            .SelectMany(parameter => parameter.GetCustomAttributes(inherit: true))
            .Where(attribute => attribute.GetType().Name.EndsWith("TriggerAttribute", StringComparison.Ordinal))
            .ToArray();
        if (triggers.Length != 1)
        {
            // The host's words for a function without a trigger or with more than one.
            throw new InvalidOperationException($"The function '{name}' is in error: " + (triggers.Length == 0
                ? "No trigger binding specified. A function must have a trigger input binding."
                : "Multiple trigger bindings defined. A function can only have a single trigger binding."));
        }

        var function = new AppFunction(
            name, method, triggers[0] as HttpTriggerAttribute, triggers[0] as QueueTriggerAttribute, triggers[0] as TimerTriggerAttribute);
        return function.Http is null && function.Queue is null && function.Timer is null
            ? throw new InvalidOperationException(
                $"The function '{name}' uses a {triggers[0].GetType().Name}, " +
                "which the local host does not run (HTTP, queue and timer triggers only).")
            : function;
    }

    private static void Validate(IReadOnlyList<AppFunction> functions)
    {
        foreach (var function in functions)
        {
            if (!FunctionName().IsMatch(function.Name) || string.Equals(function.Name, "host", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"'{function.Name}' is not a valid function name.");
            }

            if (function.Http is not null
                && ReservedRoutePrefixes.Any(prefix => function.Route.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException(
                    $"The function '{function.Name}' is in error: The specified route conflicts with one or more built in routes.");
            }
        }

        var duplicate = functions.GroupBy(function => function.Name, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"The function name '{duplicate.Key}' is used by more than one function: {string.Join(", ", duplicate)}.");
        }

        var http = functions.Where(function => function.Http is not null).ToArray();
        for (var i = 0; i < http.Length; i++)
        {
            for (var j = i + 1; j < http.Length; j++)
            {
                if (RouteShape(http[i].Route) == RouteShape(http[j].Route) && MethodsOverlap(http[i].Methods, http[j].Methods))
                {
                    throw new InvalidOperationException(
                        $"The function '{http[j].Name}' is in error: " +
                        $"The route specified conflicts with the route defined by function '{http[i].Name}'.");
                }
            }
        }
    }

    /// <summary>The route with parameter names and constraints erased: "leads/{leadId}" and "leads/{id:guid}" are one route.</summary>
    private static string RouteShape(string route) => string.Join('/', RoutePatternFactory.Parse(route).PathSegments.Select(segment =>
        string.Concat(segment.Parts.Select(part => part is RoutePatternLiteralPart literal ? literal.Content.ToUpperInvariant() : "{}"))));

    private static bool MethodsOverlap(IReadOnlyList<string> first, IReadOnlyList<string> second) =>
        first.Count == 0 || second.Count == 0 || first.Intersect(second, StringComparer.OrdinalIgnoreCase).Any();

    [GeneratedRegex("^[a-z][a-z0-9_\\-]{0,127}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FunctionName();
}
