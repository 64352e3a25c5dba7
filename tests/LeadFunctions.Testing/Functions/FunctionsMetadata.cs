using System.Text.Json.Nodes;

namespace LeadFunctions.Testing.Functions;

/// <summary>
/// The <c>functions.metadata</c> that the Worker SDK generated when it built src/LeadFunctions: the function surface the
/// Functions host indexes in Azure. The SDK adds it to the app's copy-to-output items, so building the tests copies it
/// beside them.
/// </summary>
public static class FunctionsMetadata
{
    public const string FileName = "functions.metadata";

    public static string FilePath { get; } = Path.Combine(AppContext.BaseDirectory, FileName);

    /// <summary>Every function in the generated file.</summary>
    /// <exception cref="InvalidOperationException">The file is missing or not an array of functions.</exception>
    public static IReadOnlyList<GeneratedFunction> Load()
    {
        if (!File.Exists(FilePath))
        {
            throw new InvalidOperationException(
                $"{FilePath} is missing: building src/LeadFunctions generates it and building these tests copies it here.");
        }

        var functions = JsonNode.Parse(File.ReadAllText(FilePath)) as JsonArray
            ?? throw new InvalidOperationException($"{FilePath} is not a JSON array of functions.");
        return [.. functions.Select(function => GeneratedFunction.From(function?.AsObject()
            ?? throw new InvalidOperationException($"{FilePath} holds an entry that is not an object.")))];
    }
}
