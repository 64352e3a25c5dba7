using LeadFunctions.LocalHost.Functions;
using LeadFunctions.Testing.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.LocalHost.Tests.Functions;

public sealed class AppFunctionCatalogTests
{
    [Fact]
    public void Serves_exactly_the_functions_the_worker_sdk_generated_metadata_for()
    {
        var generated = FunctionsMetadata.Load()
            .Select(function => (function.Name, Trigger: function.Triggers.Single()))
            .Select(function => Describe(
                function.Name,
                function.Trigger.Type,
                function.Trigger.Is("httpTrigger") ? function.Trigger.Route ?? function.Name : null,
                function.Trigger.Methods,
                function.Trigger.AuthLevel,
                function.Trigger.QueueNameOrSchedule))
            .Order(StringComparer.Ordinal);

        var served = AppFunctionCatalog.ForApp().Functions
            .Select(function => Describe(
                function.Name,
                function.Http is not null ? "httpTrigger" : function.Queue is not null ? "queueTrigger" : "timerTrigger",
                function.Http is null ? null : function.Route,
                function.Methods.ToHashSet(StringComparer.OrdinalIgnoreCase),
                function.Http?.AuthLevel.ToString(),
                function.Queue?.QueueName ?? function.Timer?.Schedule))
            .Order(StringComparer.Ordinal);

        Assert.Equal(generated, served);
        Assert.Equal(29, served.Count());
    }

    [Theory]
    [InlineData(typeof(AdminRoute))]
    [InlineData(typeof(RuntimeRouteWithSlashAndCase))]
    public void Refuses_a_route_the_functions_host_reserves_with_the_hosts_message(Type functions)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => AppFunctionCatalog.Load([functions]));

        Assert.Contains("The specified route conflicts with one or more built in routes.", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(NameStartsWithDigit), "'1Lead' is not a valid function name.")]
    [InlineData(typeof(NamedHost), "'Host' is not a valid function name.")]
    [InlineData(typeof(NoTrigger), "No trigger binding specified.")]
    [InlineData(typeof(SameRouteAndMethod), "conflicts with the route defined by function 'GetLead'")]
    public void Refuses_what_the_functions_host_refuses(Type functions, string message)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => AppFunctionCatalog.Load([functions]));

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_one_route_with_different_methods()
    {
        var catalog = AppFunctionCatalog.Load([typeof(SameRouteOtherMethods)]);

        Assert.Equal(["DeleteLead", "GetLead"], catalog.Functions.Select(function => function.Name));
    }

    private static string Describe(
        string name,
        string trigger,
        string? route,
        IReadOnlySet<string> methods,
        string? authLevel,
        string? source) =>
        $"{name} {trigger} {route?.Trim('/')} " +
        $"[{string.Join(",", methods.Select(method => method.ToUpperInvariant()).Order(StringComparer.Ordinal))}]" +
        $" {authLevel?.ToUpperInvariant()} {source}";

    public sealed class AdminRoute
    {
        [Function("Rescore")]
        public void Run([HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/rescore")] HttpRequest request) => _ = request;
    }

    public sealed class RuntimeRouteWithSlashAndCase
    {
        [Function("Status")]
        public void Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "/Runtime/status")] HttpRequest request) => _ = request;
    }

    public sealed class NameStartsWithDigit
    {
        [Function("1Lead")]
        public void Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "lead")] HttpRequest request) => _ = request;
    }

    public sealed class NamedHost
    {
        [Function("Host")]
        public void Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "status")] HttpRequest request) => _ = request;
    }

    public sealed class NoTrigger
    {
        [Function("Orphan")]
        public void Run(string input) => _ = input;
    }

    public sealed class SameRouteAndMethod
    {
        [Function("GetLead")]
        public void Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "leads/{leadId}")] HttpRequest request, string leadId) =>
            _ = (request, leadId);

        [Function("ReadLead")]
        public void Read([HttpTrigger(AuthorizationLevel.Function, "GET", "head", Route = "Leads/{id}")] HttpRequest request, string id) =>
            _ = (request, id);
    }

    public sealed class SameRouteOtherMethods
    {
        [Function("GetLead")]
        public void Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "leads/{leadId}")] HttpRequest request, string leadId) =>
            _ = (request, leadId);

        [Function("DeleteLead")]
        public void Delete(
            [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "leads/{leadId}")] HttpRequest request,
            string leadId) =>
            _ = (request, leadId);
    }
}
