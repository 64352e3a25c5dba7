namespace LeadFunctions.Webhooks.Payloads;

/// <summary>How reading one field went.</summary>
internal enum FieldRead
{
    /// <summary>Not there, or JSON null.</summary>
    Absent,
    Ok,
    WrongType,
    TooLong,

    /// <summary>Present but unusable: a string that is not valid UTF-16 (a lone escaped surrogate), or a bad timestamp.</summary>
    Invalid,
}
