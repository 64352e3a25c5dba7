using System.Reflection;
using System.Text.RegularExpressions;
using LeadFunctions.FunctionApp;
using LeadFunctions.Testing.Functions;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Tests.Metadata;

/// <summary>
/// The function surface as the Functions host indexes it: the <c>functions.metadata</c> the Worker SDK wrote when it
/// built the app, against the rules the host enforces at start-up and the settings the app is deployed with.
/// </summary>
public sealed partial class FunctionsMetadataTests
{
    /// <summary>The host's own routes: a function route that starts with one of these is refused at start-up.</summary>
    private static readonly string[] ReservedRoutePrefixes = ["admin", "runtime"];

    [Fact]
    public void Metadata_lists_every_function_the_app_declares()
    {
        var declared = typeof(FunctionAppBuilder).Assembly.GetTypes()
            .SelectMany(
                type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Function: method.GetCustomAttribute<FunctionAttribute>()))
            .Where(entry => entry.Function is not null)
            .Select(entry => $"{entry.Function!.Name} -> {entry.Method.DeclaringType!.FullName}.{entry.Method.Name}")
            .Order(StringComparer.Ordinal);

        var generated = FunctionsMetadata.Load()
            .Select(function => $"{function.Name} -> {function.EntryPoint}")
            .Order(StringComparer.Ordinal);

        Assert.Equal(declared, generated);
    }

    [Fact]
    public void Every_function_name_is_one_the_host_accepts()
    {
        var invalid = FunctionsMetadata.Load()
            .Where(
                function => !FunctionName().IsMatch(function.Name)
                    || string.Equals(function.Name, "host", StringComparison.OrdinalIgnoreCase))
            .Select(function => $"'{function.Name}' is not a valid function name");

        AssertNone(invalid);
    }

    [Fact]
    public void Every_function_has_exactly_one_trigger()
    {
        var offenders = FunctionsMetadata.Load()
            .Where(function => function.Triggers.Count != 1)
            .Select(function => $"{function.Name} has {function.Triggers.Count} triggers");

        AssertNone(offenders);
    }

    [Fact]
    public void No_http_route_starts_with_a_reserved_prefix()
    {
        var offenders = FunctionsMetadata.Load()
            .Where(function => function.HttpTrigger is not null)
            .Select(function => (function.Name, Route: RouteOf(function)))
            .Where(http => ReservedRoutePrefixes.Any(prefix => http.Route.Trim('/').StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .Select(
                http => $"{http.Name}'s route '{http.Route}' starts with a reserved prefix; the host refuses it: \"The specified route " +
                    $"conflicts with one or more built in routes.\"");

        AssertNone(offenders);
    }

    [Fact]
    public void No_two_http_functions_share_a_route_and_a_method()
    {
        var http = FunctionsMetadata.Load().Where(function => function.HttpTrigger is not null).ToArray();

        var clashes =
            from first in http
            from second in http
            where string.CompareOrdinal(first.Name, second.Name) < 0
                && string.Equals(RouteShape(RouteOf(first)), RouteShape(RouteOf(second)), StringComparison.Ordinal)
                && MethodsOverlap(first.HttpTrigger!.Methods, second.HttpTrigger!.Methods)
            select $"{first.Name} and {second.Name} both " +
                $"answer {string.Join("/", first.HttpTrigger!.Methods.DefaultIfEmpty("every method"))} '{RouteOf(first)}'";

        AssertNone(clashes);
    }

    private static void AssertNone(IEnumerable<string> offenders)
    {
        var found = offenders.ToArray();
        Assert.True(found.Length == 0, string.Join(Environment.NewLine, found));
    }

    /// <summary>The route the host serves: the template, or the function's name when there is none.</summary>
    private static string RouteOf(GeneratedFunction function) => function.HttpTrigger!.Route ?? function.Name;

    /// <summary>A route as the router matches it: no slashes around it, any case, parameter names and constraints ignored.</summary>
    private static string RouteShape(string route) =>
        RouteParameter().Replace(route.Trim('/').ToLowerInvariant(), "{}");

    private static bool MethodsOverlap(IReadOnlySet<string> first, IReadOnlySet<string> second) =>
        first.Count == 0 || second.Count == 0 || first.Overlaps(second);

    /// <summary>The function names the host accepts (it also refuses "host").</summary>
    [GeneratedRegex(@"^[a-z][a-z0-9_\-]{0,127}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FunctionName();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();
}
