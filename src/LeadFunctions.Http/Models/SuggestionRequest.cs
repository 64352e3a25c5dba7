using System.Text.Json;
using LeadFunctions.Modeling;
using LeadFunctions.Validation;

namespace LeadFunctions.Http.Models;

/// <summary>
/// Reads the body of <c>POST /api/models/suggestions</c>: empty for the defaults, or a JSON object of options, each
/// optional: <c>holdout</c>, <c>lambda</c>, <c>sqlShare</c> or <c>sqlRecall</c>, <c>mqlShare</c>, <c>keep</c>,
/// <c>discover</c>, <c>minSupport</c>. Each problem is reported with its field's name; values are never echoed.
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
            options = property.Name switch
            {
                "holdout" => options with { Holdout = Number(property, 0, SuggestionOptions.MaxHoldout, errors) ?? options.Holdout },
                "lambda" => options with
                {
                    Lambda = Number(property, SuggestionOptions.MinLambda, SuggestionOptions.MaxLambda, errors) ?? options.Lambda,
                },
                "sqlShare" => options with { SqlShare = Share(property, errors) },
                "sqlRecall" => options with { SqlRecall = Share(property, errors) },
                "mqlShare" => options with { MqlShare = Share(property, errors) ?? options.MqlShare },
                "keep" => options with { Keep = Keep(property, errors) },
                "discover" => options with { Discover = Boolean(property, errors) ?? options.Discover },
                "minSupport" => options with { MinSupport = MinSupport(property, errors) ?? options.MinSupport },
                _ => Unknown(property, options, errors),
            };
        }

        if (options is { SqlShare: not null, SqlRecall: not null })
        {
            errors.Add(new ValidationError("sqlRecall", "give sqlShare or sqlRecall, not both."));
        }

        return options;
    }

    private static SuggestionOptions Unknown(JsonProperty property, SuggestionOptions options, List<ValidationError> errors)
    {
        var name = property.Name.Length > 40 ? property.Name[..40] : property.Name;
        errors.Add(new ValidationError(name, "is not an option; the options are " + string.Join(", ", Names) + "."));
        return options;
    }

    /// <summary>Every option, as the request spells it.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["holdout", "lambda", "sqlShare", "sqlRecall", "mqlShare", "keep", "discover", "minSupport"];

    private static double? Number(JsonProperty property, double min, double max, List<ValidationError> errors)
    {
        if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new ValidationError(property.Name, FormattableString.Invariant($"must be a number from {min} to {max}.")));
        return null;
    }

    /// <summary>A target share: a number strictly between 0 and 1.</summary>
    private static double? Share(JsonProperty property, List<ValidationError> errors)
    {
        if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var value) && value > 0 && value < 1)
        {
            return value;
        }

        errors.Add(new ValidationError(property.Name, "must be a number greater than 0 and less than 1."));
        return null;
    }

    private static IReadOnlyList<string> Keep(JsonProperty property, List<ValidationError> errors)
    {
        var requirements = SuggestionOptions.Requirements;
        if (property.Value.ValueKind == JsonValueKind.Array
            && property.Value.EnumerateArray()
                .All(item => item.ValueKind == JsonValueKind.String && requirements.Contains(item.GetString())))
        {
            return [.. property.Value.EnumerateArray().Select(item => item.GetString()!).Distinct(StringComparer.Ordinal)];
        }

        errors.Add(new ValidationError(property.Name, "must be an array of " + string.Join(" and ", requirements) + " (either or both)."));
        return [];
    }

    private static bool? Boolean(JsonProperty property, List<ValidationError> errors)
    {
        if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return property.Value.GetBoolean();
        }

        errors.Add(new ValidationError(property.Name, "must be true or false."));
        return null;
    }

    private static int? MinSupport(JsonProperty property, List<ValidationError> errors)
    {
        if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var value)
            && value is >= SuggestionOptions.MinMinSupport and <= SuggestionOptions.MaxMinSupport)
        {
            return value;
        }

        errors.Add(new ValidationError(property.Name, FormattableString.Invariant(
            $"must be a whole number from {SuggestionOptions.MinMinSupport} to {SuggestionOptions.MaxMinSupport}.")));
        return null;
    }
}
