using System.Text.Json;
using LeadFunctions.FunctionApp.Functions;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Tests.Functions;

[Collection(FunctionAppCollection.Name)]
public sealed class CaptureFunctionsTests(FunctionAppFixture app)
{
    [Fact]
    public async Task CaptureLead_stores_a_form_and_answers_202_with_the_lead_location()
    {
        var email = $"capture.{Guid.NewGuid():N}@northwind.example";
        var context = FunctionRequest.Create(
            "POST",
            "/api/leads",
            JsonSerializer.Serialize(new { email, company = "Northwind", jobTitle = "CTO" }));

        var response = await app.InvokeHttpAsync<CaptureFunctions>(
            context,
            (functions, request, ct) => functions.CaptureLeadAsync(request, ct));

        Assert.Equal(StatusCodes.Status202Accepted, response.StatusCode);
        var leadId = response.Json()["leadId"]!.GetValue<string>();
        Assert.Equal($"/api/leads/{leadId}", response.Headers.Location.ToString());
        var lead = await app.GetLeadAsync(leadId);
        Assert.Equal("Northwind", lead!["profile"]!["company"]!.GetValue<string>());
    }

    [Fact]
    public async Task CaptureLead_answers_an_invalid_form_with_problem_details()
    {
        var context = FunctionRequest.Create("POST", "/api/leads", """{"email":"not an email"}""");

        var response = await app.InvokeHttpAsync<CaptureFunctions>(
            context,
            (functions, request, ct) => functions.CaptureLeadAsync(request, ct));

        Assert.Equal(StatusCodes.Status400BadRequest, response.StatusCode);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Contains("email", response.Json()["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }
}
