using System.Globalization;

namespace LeadFunctions.Deployment.Tests.Arm;

/// <summary>An integer literal: <c>0</c> in <c>routeFields[0]</c>.</summary>
public sealed record ArmNumber(long Value) : ArmExpression
{
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
