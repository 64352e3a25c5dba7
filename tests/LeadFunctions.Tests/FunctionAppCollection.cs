namespace LeadFunctions.Tests;

/// <summary>The tests that call the functions share one worker host, one Azurite and one maildev.</summary>
[CollectionDefinition(Name)]
public sealed class FunctionAppCollection : ICollectionFixture<FunctionAppFixture>
{
    public const string Name = "function app";
}
