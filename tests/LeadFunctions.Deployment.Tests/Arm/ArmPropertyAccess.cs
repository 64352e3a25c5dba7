namespace LeadFunctions.Deployment.Tests.Arm;

/// <summary>A property of a value: <c>.outputs</c> in <c>reference(...).outputs.clientId.value</c>.</summary>
public sealed record ArmPropertyAccess(ArmExpression Target, string Property) : ArmExpression
{
    public override string ToString() => $"{Target}.{Property}";
}
