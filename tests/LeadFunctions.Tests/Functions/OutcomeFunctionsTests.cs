using LeadFunctions.FunctionApp.Functions;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Tests.Functions;

[Collection(FunctionAppCollection.Name)]
public sealed class OutcomeFunctionsTests(FunctionAppFixture app)
{
    [Fact]
    public async Task ImportOutcomes_records_a_csv_export_s_outcome_for_the_lead_of_the_email()
    {
        var email = $"import.{Guid.NewGuid():N}@example.org";
        var leadId = await app.CaptureLeadAsync(new { email, jobTitle = "Engineer" });
        var csv = "email,outcome,occurredAt,reason\r\n"
            + $"{email.ToUpperInvariant()},lost,{DateTimeOffset.UtcNow.AddDays(-2):yyyy-MM-dd},Price\r\n";

        var answer = await app.InvokeHttpAsync<OutcomeFunctions>(
            FunctionRequest.Create("POST", "/api/outcomes", csv, "text/csv"),
            (functions, request, ct) => functions.ImportOutcomesAsync(request, ct));

        Assert.Equal(StatusCodes.Status200OK, answer.StatusCode);
        Assert.Equal(1, answer.Json()["imported"]!.GetValue<int>());
        var lead = (await app.GetLeadAsync(leadId))!;
        Assert.Equal(("Lost", "Price"), (lead["stage"]!.GetValue<string>(), lead["outcome"]!["reason"]!.GetValue<string>()));
    }
}
