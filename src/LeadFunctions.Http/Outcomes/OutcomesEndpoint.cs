using LeadFunctions.Http.Protocol;
using LeadFunctions.Outcomes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Outcomes;

/// <summary>
/// <c>POST /api/outcomes</c> (function key): imports won, lost and disqualified outcomes from a CRM export
/// (<c>text/csv</c>, at most 10 MiB). The whole file is read and split before anything is recorded, so a file refused
/// whole (415, 413, 400 for an empty body or a wrong header) changes nothing; then 200 with the counts and the bad lines
/// by number. Storage down: 503, and importing the same file again is safe (each line is recorded once).
/// </summary>
public sealed class OutcomesEndpoint(OutcomeImportService imports, StorageFaultGuard faults)
{
    public const int MaxBodyBytes = 10 * 1024 * 1024;

    public async Task<IActionResult> PostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RequestBody.HasMediaType(request, "text/csv"))
        {
            return Problems.UnsupportedMediaType("text/csv");
        }

        var (body, tooLarge) = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        var file = OutcomeCsv.Read(body);
        if (file.Problem is { } problem)
        {
            return Problems.BadRequest(problem);
        }

        return await faults.ApiAsync("ImportOutcomes", async () =>
        {
            var result = await imports.ImportAsync(file.Rows, file.Errors, cancellationToken);
            return ApiJson.Result(OutcomeImportResponse.From(result), StatusCodes.Status200OK);
        });
    }
}
