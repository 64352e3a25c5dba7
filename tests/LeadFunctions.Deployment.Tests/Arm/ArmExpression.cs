namespace LeadFunctions.Deployment.Tests.Arm;

/// <summary>
/// A parsed ARM template language expression: the text between the brackets of a template string such as
/// <c>"[parameters('identityClientId')]"</c>. <see cref="object.ToString"/> writes it back the way Bicep writes it.
/// </summary>
public abstract record ArmExpression
{
    /// <summary>Parses the text of an expression, without its brackets: <c>variables('roles').keyVaultSecretsUser</c>.</summary>
    /// <exception cref="FormatException">The text is not an ARM expression.</exception>
    public static ArmExpression Parse(string text) => new ArmExpressionParser(text).ParseWhole();

    /// <summary>
    /// A template string as ARM reads it: <c>"[...]"</c> is an expression, <c>"[[..."</c> the literal text without the first
    /// bracket, anything else a literal string.
    /// </summary>
    public static ArmExpression FromTemplateString(string value) => IsExpression(value)
        ? Parse(value[1..^1])
        : new ArmString(value.StartsWith("[[", StringComparison.Ordinal) ? value[1..] : value);

    /// <summary>Whether a template string is an expression (<c>"[...]"</c>, but not the escaped <c>"[[..."</c>).</summary>
    public static bool IsExpression(string value) =>
        value.Length >= 2 && value[0] == '[' && value[^1] == ']' && !value.StartsWith("[[", StringComparison.Ordinal);

    /// <summary>This expression and every expression inside it: arguments, targets, indexes.</summary>
    public IEnumerable<ArmExpression> SelfAndDescendants()
    {
        IEnumerable<ArmExpression> children = this switch
        {
            ArmCall call => call.Arguments,
            ArmPropertyAccess access => [access.Target],
            ArmIndexAccess access => [access.Target, access.Index],
            _ => [],
        };
        return children.SelectMany(child => child.SelfAndDescendants()).Prepend(this);
    }

    /// <summary>The expression in ARM syntax, without brackets.</summary>
    public abstract override string ToString();
}
