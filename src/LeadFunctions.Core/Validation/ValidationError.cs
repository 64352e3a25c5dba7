namespace LeadFunctions.Validation;

/// <summary>One reason an input cannot be accepted, naming the field (camelCase, as callers send it).</summary>
public sealed record ValidationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
