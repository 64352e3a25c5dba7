namespace LeadFunctions.ModelVersions;

/// <summary>
/// One publish as the registry writes it, atomically: the live pointer moves from <see cref="Expected"/> (null when
/// the registry has none yet) to <see cref="Published"/>, which becomes live, and <see cref="Retired"/> (the version
/// live before, if any) becomes retired.
/// </summary>
public sealed record ModelPublication(LivePointer? Expected, ModelVersion Published, ModelVersion? Retired);
