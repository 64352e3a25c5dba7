using LeadFunctions.Testing.Azurite;

namespace LeadFunctions.Storage.Tests;

/// <summary>The collection of test classes that share one Azurite. Each test uses its own table or queue.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
