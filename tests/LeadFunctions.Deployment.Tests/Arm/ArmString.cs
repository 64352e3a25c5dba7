namespace LeadFunctions.Deployment.Tests.Arm;

/// <summary>A string literal: <c>'Microsoft.Authorization/roleDefinitions'</c>.</summary>
public sealed record ArmString(string Value) : ArmExpression
{
    public override string ToString() => $"'{Value.Replace("'", "''", StringComparison.Ordinal)}'";
}
