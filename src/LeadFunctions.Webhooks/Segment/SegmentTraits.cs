using System.Globalization;
using System.Text.Json;
using LeadFunctions.Engagement;
using LeadFunctions.Validation;
using LeadFunctions.Webhooks.Payloads;

namespace LeadFunctions.Webhooks.Segment;

/// <summary>
/// Maps Segment's reserved identify traits onto <see cref="LeadTraits"/>. A trait that would not pass the profile
/// rules (over-long, control characters, a company size out of range) is left out rather than failing the message:
/// the event is still worth keeping, and a bad value must never reach the profile.
/// </summary>
internal static class SegmentTraits
{
    private const int MaxPhoneLength = 40;

    private static readonly LeadTraits Empty = new();

    public static LeadTraits? Read(JsonElement traits)
    {
        JsonFields.TryGet(traits, "company", out var company);
        var companyObject = company.ValueKind == JsonValueKind.Object ? company : default;
        var result = new LeadTraits
        {
            FirstName = Text(traits, "firstName") ?? Text(traits, "first_name"),
            LastName = Text(traits, "lastName") ?? Text(traits, "last_name"),
            Company = company.ValueKind == JsonValueKind.String ? Text(company) : Text(companyObject, "name"),
            JobTitle = Text(traits, "title") ?? Text(traits, "jobTitle"),
            CompanySize = Size(traits, "employees") ?? Size(companyObject, "employee_count"),
            Industry = Text(traits, "industry") ?? Text(companyObject, "industry"),
            Country = Text(traits, "country")
                ?? (JsonFields.TryGetObject(traits, "address", out var address) ? Text(address, "country") : null),
            Phone = Text(traits, "phone", MaxPhoneLength),
        };

        return result == Empty ? null : result;
    }

    private static string? Text(JsonElement parent, string name, int maxLength = LeadProfileRules.MaxTextLength) =>
        JsonFields.TryGet(parent, name, out var value) ? Text(value, maxLength) : null;

    private static string? Text(JsonElement value, int maxLength = LeadProfileRules.MaxTextLength)
    {
        if (JsonFields.ReadString(value, maxLength, out var text) != FieldRead.Ok)
        {
            return null;
        }

        var trimmed = text!.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        foreach (var character in trimmed)
        {
            if (char.IsControl(character))
            {
                return null;
            }
        }

        return trimmed;
    }

    /// <summary>A whole number of employees, 0 to <see cref="LeadProfileRules.MaxCompanySize"/>, as a number or a numeric string.</summary>
    private static int? Size(JsonElement parent, string name)
    {
        if (!JsonFields.TryGet(parent, name, out var value))
        {
            return null;
        }

        decimal size;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetDecimal(out size))
            {
                return null;
            }
        }
        else if (JsonFields.ReadString(value, 16, out var text) != FieldRead.Ok
            || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out size))
        {
            return null;
        }

        return size == decimal.Truncate(size) && size is >= 0 and <= LeadProfileRules.MaxCompanySize ? (int)size : null;
    }
}
