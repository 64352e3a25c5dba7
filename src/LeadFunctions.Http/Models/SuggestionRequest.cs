using System.Text.Json;
using LeadFunctions.Modeling;
using LeadFunctions.Validation;

namespace LeadFunctions.Http.Models;

/// <summary>
/// Reads the body of <c>POST /api/models/suggestions</c>: empty for the defaults, or <c>{"holdout", "lambda"}</c>, each
/// optional and a number. Each problem is reported with its field's name; values are never echoed.
/// </summary>
public static class SuggestionRequest
{
    /// <summary>The options, or the errors.</summary>
    public static (SuggestionOptions? Options, IReadOnlyList<ValidationError> Errors) Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return (new SuggestionOptions(), []);
        }

        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 4 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, [new ValidationError("body", "must be a JSON object.")]);
            }

            var errors = new List<ValidationError>();
            var options = Bind(document.RootElement, errors);
            return errors.Count == 0 ? (options, []) : (null, errors);
        }
        catch (JsonException)
        {
            return (null, [new ValidationError("body", "is not valid JSON.")]);
        }
    }

    private static SuggestionOptions Bind(JsonElement root, List<ValidationError> errors)
    {
        var options = new SuggestionOptions();
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "holdout":
                    options = options with { Holdout = Number(property, 0, SuggestionOptions.MaxHoldout, errors) ?? options.Holdout };
                    break;
                case "lambda":
                    options = options with
                    {
                        Lambda = Number(property, SuggestionOptions.MinLambda, SuggestionOptions.MaxLambda, errors) ?? options.Lambda,
                    };
                    break;
                default:
                    var name = property.Name.Length > 40 ? property.Name[..40] : property.Name;
                    errors.Add(new ValidationError(name, "is not an option; the options are holdout and lambda."));
                    break;
            }
        }

        return options;
    }

    private static double? Number(JsonProperty property, double min, double max, List<ValidationError> errors)
    {
        if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new ValidationError(property.Name, FormattableString.Invariant($"must be a number from {min} to {max}.")));
        return null;
    }
}
