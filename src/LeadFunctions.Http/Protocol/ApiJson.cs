using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http.Protocol;

/// <summary>The API's JSON: camelCase, enums as names, nulls left out.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static JsonResult Result(object value, int statusCode) => new(value, Options) { StatusCode = statusCode };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
