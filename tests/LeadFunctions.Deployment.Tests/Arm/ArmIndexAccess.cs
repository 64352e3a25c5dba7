namespace LeadFunctions.Deployment.Tests.Arm;

/// <summary>An element of an array or object: <c>variables('appStorageRoles')[copyIndex()]</c>.</summary>
public sealed record ArmIndexAccess(ArmExpression Target, ArmExpression Index) : ArmExpression
{
    public override string ToString() => $"{Target}[{Index}]";
}
