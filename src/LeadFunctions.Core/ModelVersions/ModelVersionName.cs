namespace LeadFunctions.ModelVersions;

/// <summary>The registry's rule for version strings: they are row keys and route segments.</summary>
public static class ModelVersionName
{
    public const int MaxLength = 64;

    /// <summary>True for 1–64 characters, each a letter, digit, '.', '_' or '-' (ASCII).</summary>
    public static bool IsValid(string? version) =>
        version is { Length: > 0 and <= MaxLength } && version.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    public const string Rule = "a version is 1–64 characters of letters, digits, '.', '_' and '-'";
}
