using System.Text.Json;
using LeadFunctions.ModelVersions;

namespace LeadFunctions.Http.Models;

/// <summary>Reads the body of a publish: <c>{"reason": "...", "backtestId": "...", "force": false}</c>.</summary>
public static class PublishRequestBody
{
    /// <summary>The longest reason kept.</summary>
    public const int MaxReasonLength = 1_000;

    /// <summary>The request, or why the body is not one (for a 400).</summary>
    public static (PublishRequest? Request, string? Error) Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "The body must be a JSON object with \"reason\" (and \"backtestId\" or \"force\").");
            }

            var reason = Text(root, "reason");
            var backtestId = Text(root, "backtestId");
            var force = root.TryGetProperty("force", out var forced) && forced.ValueKind == JsonValueKind.True;
            if (root.TryGetProperty("force", out forced) && forced.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return (null, "\"force\" must be true or false.");
            }

            return reason is { Length: > MaxReasonLength }
                ? (null, $"\"reason\" must be at most {MaxReasonLength} characters.")
                : (new PublishRequest { Reason = reason, BacktestId = backtestId, Force = force }, null);
        }
        catch (JsonException)
        {
            return (null, "The body is not JSON.");
        }
        catch (InvalidOperationException)
        {
            return (null, "\"reason\" and \"backtestId\" must be strings.");
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;
}
