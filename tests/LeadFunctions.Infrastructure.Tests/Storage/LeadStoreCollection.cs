using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.Testing.Azurite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Infrastructure.Tests.Storage;

[CollectionDefinition(Name)]
public sealed class LeadStoreCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "lead store on Azurite";
}

/// <summary>A store on its own tables (a unique prefix per test), so tests never see each other's rows.</summary>
internal static class Stores
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    public static (TableLeadPorts Store, FakeTimeProvider Clock) Create(AzuriteFixture azurite)
    {
        var clock = new FakeTimeProvider(Start);
                var options = Options.Create(new StorageOptions { TablePrefix = "t" + Guid.NewGuid().ToString("N")[..12] });
        return (new TableLeadPorts(azurite.CreateTableServiceClient(), options, clock), clock);
    }
}
