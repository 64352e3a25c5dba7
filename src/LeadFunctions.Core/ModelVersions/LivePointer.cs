namespace LeadFunctions.ModelVersions;

/// <summary>The registry's record of which version is live, with its concurrency token.</summary>
/// <param name="Version">The live version.</param>
/// <param name="ETag">The store's token for this state of the pointer (opaque): a publish replaces it only if unchanged.</param>
public sealed record LivePointer(string Version, string ETag);
