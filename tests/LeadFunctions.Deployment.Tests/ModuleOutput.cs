using LeadFunctions.Deployment.Tests.Arm;

namespace LeadFunctions.Deployment.Tests;

/// <summary>
/// An output of a module, as the compiled template reads it: <c>reference(...'apiIdentity'...).outputs.clientId.value</c>.
/// </summary>
public sealed record ModuleOutput(string Module, string Output)
{
    /// <summary>The module output that <paramref name="expression"/> reads; null when it reads anything else.</summary>
    public static ModuleOutput? Of(ArmExpression expression) => expression is ArmPropertyAccess
    {
        Property: "value",
        Target: ArmPropertyAccess
        {
            Property: var output,
            Target: ArmPropertyAccess
            {
                Property: "outputs",
                Target: ArmCall
                {
                    Arguments: [ArmCall { Arguments: [.., ArmString { Value: ArmTemplate.DeploymentType }, ArmString module] }, ..]
                } reference
            },
        },
    } && reference.Is("reference")
        ? new ModuleOutput(module.Value, output)
        : null;
}
