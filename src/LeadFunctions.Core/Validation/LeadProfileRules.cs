using LeadFunctions.Leads;
using LeadFunctions.Scoring;

namespace LeadFunctions.Validation;

/// <summary>Bounds on what a lead profile may hold; checked before anything is stored or scored.</summary>
public static class LeadProfileRules
{
    public const int MaxTextLength = 256;
    public const int MaxNeedLength = 4_000;
    public const int MaxCompanySize = 10_000_000;
    public const decimal MaxBudget = 1_000_000_000_000m;
    public const int MaxTimelineMonths = 120;

    /// <summary>Every problem with the profile; empty when it can be stored and scored.</summary>
    public static IReadOnlyList<ValidationError> Validate(LeadProfile profile, ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(model);
        var errors = new List<ValidationError>();
        CheckEmail(errors, profile.Email, model);
        CheckText(errors, "firstName", profile.FirstName, MaxTextLength);
        CheckText(errors, "lastName", profile.LastName, MaxTextLength);
        CheckText(errors, "company", profile.Company, MaxTextLength);
        CheckText(errors, "jobTitle", profile.JobTitle, MaxTextLength);
        CheckText(errors, "industry", profile.Industry, MaxTextLength);
        CheckText(errors, "country", profile.Country, MaxTextLength);
        CheckText(errors, "phone", profile.Phone, 40);
        CheckText(errors, "need", profile.Need, MaxNeedLength);

        if (profile.CompanySize is < 0 or > MaxCompanySize)
        {
            errors.Add(new("companySize", $"must be between 0 and {MaxCompanySize} employees"));
        }

        if (profile.Budget is < 0 or > MaxBudget)
        {
            errors.Add(new("budget", $"must be between 0 and {MaxBudget}"));
        }

        if (profile.TimelineMonths is < 0 or > MaxTimelineMonths)
        {
            errors.Add(new("timeline", $"must be between 0 and {MaxTimelineMonths} months"));
        }

        return errors;
    }

    private static void CheckEmail(List<ValidationError> errors, string? email, ScoringModel model)
    {
        if (!EmailAddress.TryNormalize(email, out var normalized, out var problem))
        {
            errors.Add(new("email", problem!));
        }
        else if (model.IsDisposableDomain(normalized[(normalized.LastIndexOf('@') + 1)..]))
        {
            errors.Add(new("email", "uses a disposable email domain"));
        }
    }

    internal static void CheckText(List<ValidationError> errors, string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > maxLength)
        {
            errors.Add(new(field, $"must be at most {maxLength} characters"));
            return;
        }

        foreach (var character in value)
        {
            if (char.IsControl(character) && character is not '\n' and not '\r' and not '\t')
            {
                errors.Add(new(field, "contains control characters"));
                return;
            }
        }
    }
}
