using LeadFunctions.Scoring;

namespace LeadFunctions.Testing.Backtesting;

/// <summary>Candidate model documents for backtest tests, made from the model shipped with the app.</summary>
public static class CandidateModels
{
    public const string Version = "candidate-2";

    /// <summary>The shipped model's JSON, as a team would copy it to start a candidate.</summary>
    public static string DefaultJson()
    {
        using var stream = typeof(ScoringModel).Assembly.GetManifestResourceStream("LeadFunctions.Scoring.scoring-model.json")
            ?? throw new InvalidOperationException("The default model is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The candidate with <paramref name="count"/> more engagement rules first (each valid on its own).</summary>
    public static string WithExtraRules(int count)
    {
        var rules = string.Concat(Enumerable.Range(0, count).Select(i =>
            "{\"id\":\"extra-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + "\",\"eventType\":\"Page Viewed\",\"points\":1},"));
        return Candidate().Replace("\"rules\": [", "\"rules\": [" + rules, StringComparison.Ordinal);
    }

    /// <summary>The shipped model as version <see cref="Version"/>; unless told, with four times the pricing-page points.</summary>
    public static string Candidate(bool changePoints = true)
    {
        var json = DefaultJson()
            .Replace($"\"version\": \"{ScoringModel.Default.Version}\"", $"\"version\": \"{Version}\"", StringComparison.Ordinal);
        return changePoints
            ? json.Replace(
                "\"points\": 10, \"cap\": 30, \"halfLifeDays\": 14",
                "\"points\": 40, \"cap\": 80, \"halfLifeDays\": 14",
                StringComparison.Ordinal)
            : json;
    }
}
