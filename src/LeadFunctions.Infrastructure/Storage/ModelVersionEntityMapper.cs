using System.Globalization;
using Azure.Data.Tables;
using LeadFunctions.ModelVersions;

namespace LeadFunctions.Infrastructure.Storage;

/// <summary>
/// The rows of the ModelVersions table, all in one partition (<see cref="Partition"/>) so that a publish is one entity
/// group transaction: <c>live</c> (the live pointer, replaced under its ETag), <c>order-{inverted ticks}-{version}</c>
/// (a version's metadata, keyed newest first for the listing), <c>version-{version}</c> (the lookup from a version to
/// its order row; its add is what makes a version unique) and <c>doc-{version}-0000</c>... (the JSON as posted, in pieces).
/// </summary>
internal static class ModelVersionEntityMapper
{
    public const string Partition = "registry";
    public const string LiveRow = "live";
    public const string OrderRowPrefix = "order-";
    public const string VersionRowPrefix = "version-";
    public const string DocumentRowPrefix = "doc-";

    public static string OrderRow(ModelVersion version) => OrderRowPrefix
        + (DateTimeOffset.MaxValue.UtcTicks - version.CreatedAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)
        + "-" + version.Version;

    public static string VersionRow(string version) => VersionRowPrefix + version;

    /// <summary>The document rows' prefix; "|" is not in a version, so one version's prefix never starts another's rows.</summary>
    public static string DocumentRowPrefixOf(string version) => DocumentRowPrefix + version + "|";

    public static IEnumerable<TableEntity> CreationEntities(ModelVersion version, string json)
    {
        var order = OrderRow(version);
        yield return new TableEntity(Partition, VersionRow(version.Version)) { ["OrderRow"] = order };
        yield return MetadataEntity(version, order);
        foreach (var (part, index) in TextColumns.Split(json).Select((part, index) => (part, index)))
        {
            var row = DocumentRowPrefixOf(version.Version) + index.ToString("D4", CultureInfo.InvariantCulture);
            yield return new TableEntity(Partition, row)
            {
                ["Text"] = part,
            };
        }
    }

    public static TableEntity LiveEntity(string version) => new(Partition, LiveRow) { ["Version"] = version };

    public static TableEntity MetadataEntity(ModelVersion version, string orderRow) => new(Partition, orderRow)
    {
        ["Version"] = version.Version,
        ["Status"] = version.Status.ToString(),
        ["CreatedAt"] = version.CreatedAt,
        ["CreatedBy"] = version.CreatedBy,
        ["Note"] = version.Note,
        ["PublishedAt"] = version.PublishedAt,
        ["PublishedBy"] = version.PublishedBy,
        ["Reason"] = version.Reason,
        ["BacktestId"] = version.BacktestId,
        ["Forced"] = version.Forced,
    };

    public static ModelVersion ToVersion(TableEntity entity) => new()
    {
        Version = entity.GetString("Version"),
        Status = Enum.Parse<ModelVersionStatus>(entity.GetString("Status")),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        CreatedBy = entity.GetString("CreatedBy") ?? ModelVersionAuthors.Api,
        Note = entity.GetString("Note"),
        PublishedAt = entity.GetDateTimeOffset("PublishedAt"),
        PublishedBy = entity.GetString("PublishedBy"),
        Reason = entity.GetString("Reason"),
        BacktestId = entity.GetString("BacktestId"),
        Forced = entity.GetBoolean("Forced") ?? false,
    };
}
