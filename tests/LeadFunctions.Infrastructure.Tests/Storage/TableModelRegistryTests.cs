using LeadFunctions.Infrastructure.Storage;
using LeadFunctions.ModelVersions;
using LeadFunctions.Testing.Azurite;
using LeadFunctions.Testing.ModelVersions;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Infrastructure.Tests.Storage;

/// <summary>The model registry on Azurite, and its in-memory twin held to the same contract.</summary>
[Collection(LeadStoreCollection.Name)]
public sealed class TableModelRegistryTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Registries => ["table", "memory"];

    [Theory]
    [MemberData(nameof(Registries))]
    public async Task A_version_is_stored_once_and_its_document_comes_back_as_posted(string kind)
    {
        var registry = Create(kind);
        var json = "{ \"version\": \"v1\", \"é\": \"" + new string('x', 70_000) + "\" }";

        Assert.True(await registry.TryCreateAsync(Draft("v1", Start), json));
        Assert.False(await registry.TryCreateAsync(Draft("v1", Start.AddHours(1)) with { Note = "changed" }, "{}"));

        Assert.Equal(json, await registry.GetDocumentAsync("v1"));
        Assert.Equal(Draft("v1", Start), await registry.GetAsync("v1"));
        Assert.Null(await registry.GetAsync("v1.0"));
        Assert.Null(await registry.GetDocumentAsync("v"));
    }

    [Theory]
    [MemberData(nameof(Registries))]
    public async Task The_listing_is_newest_first_in_pages(string kind)
    {
        var registry = Create(kind);
        for (var i = 0; i < 5; i++)
        {
            await registry.TryCreateAsync(Draft($"v{i}", Start.AddDays(i)), "{}");
        }

        var first = await registry.ListAsync(null, 3);
        var second = await registry.ListAsync(first.ContinuationToken, 3);

        Assert.Equal(["v4", "v3", "v2"], first.Versions.Select(version => version.Version));
        Assert.Equal(["v1", "v0"], second.Versions.Select(version => version.Version));
        Assert.Null(second.ContinuationToken);
    }

    [Theory]
    [MemberData(nameof(Registries))]
    public async Task Only_one_of_two_seeds_and_one_of_two_publishes_from_the_same_pointer_win(string kind)
    {
        var registry = Create(kind);
        var seed = Draft("seed-1", Start) with { Status = ModelVersionStatus.Live };
        var seeds = await Task.WhenAll(registry.TrySeedAsync(seed, "{}"), registry.TrySeedAsync(seed, "{}"));
        Assert.Equal(1, seeds.Count(won => won));
        await registry.TryCreateAsync(Draft("a", Start.AddDays(1)), "{}");
        await registry.TryCreateAsync(Draft("b", Start.AddDays(2)), "{}");
        var pointer = (await registry.GetLiveAsync())!;
        Assert.Equal("seed-1", pointer.Version);

        var retired = seed with { Status = ModelVersionStatus.Retired };
        var results = await Task.WhenAll(
            registry.TryPublishAsync(new ModelPublication(pointer, Live("a", Start.AddDays(1)), retired)),
            registry.TryPublishAsync(new ModelPublication(pointer, Live("b", Start.AddDays(2)), retired)));

        Assert.Equal(1, results.Count(won => won));
        var winner = results[0] ? "a" : "b";
        var loser = results[0] ? "b" : "a";
        Assert.Equal(winner, (await registry.GetLiveAsync())!.Version);
        Assert.Equal(ModelVersionStatus.Live, (await registry.GetAsync(winner))!.Status);
        Assert.Equal(ModelVersionStatus.Draft, (await registry.GetAsync(loser))!.Status);
        Assert.Equal(ModelVersionStatus.Retired, (await registry.GetAsync("seed-1"))!.Status);
        Assert.False(await registry.TrySeedAsync(Draft("seed-2", Start) with { Status = ModelVersionStatus.Live }, "{}"));
    }

    private IModelRegistry Create(string kind) => kind == "memory"
        ? new InMemoryModelRegistry()
        : new TableModelRegistry(
            azurite.CreateTableServiceClient(),
            Options.Create(new StorageOptions { TablePrefix = "m" + Guid.NewGuid().ToString("N")[..12] }));

    private static ModelVersion Draft(string version, DateTimeOffset at) => new()
    {
        Version = version,
        Status = ModelVersionStatus.Draft,
        CreatedAt = at,
        CreatedBy = ModelVersionAuthors.Api,
        Note = "a note",
    };

    private static ModelVersion Live(string version, DateTimeOffset at) => Draft(version, at) with
    {
        Status = ModelVersionStatus.Live,
        PublishedAt = at.AddHours(1),
        PublishedBy = ModelVersionAuthors.Api,
        Reason = "better AUC",
        BacktestId = new string('a', 32),
    };
}
