namespace LeadFunctions.Deployment.Tests;

/// <summary>The tests that read the compiled infra/main.bicep share one compilation.</summary>
[CollectionDefinition(Name)]
public sealed class CompiledTemplateCollection : ICollectionFixture<CompiledTemplateFixture>
{
    public const string Name = "Compiled infra/main.bicep";
}
