namespace LeadFunctions.Storage.Connection;

/// <summary>The well-known account of the storage emulator (Azurite), the same on every machine.</summary>
public static class DevelopmentStorageAccount
{
    /// <summary>The emulator's account name.</summary>
    public const string Name = "devstoreaccount1";

    /// <summary>The emulator's published account key (public, not a secret).</summary>
    public const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
}
