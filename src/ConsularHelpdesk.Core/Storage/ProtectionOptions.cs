namespace ConsularHelpdesk.Storage;

/// <summary>
/// The key ring that protects personal data at rest (<see cref="FieldCipher"/>): <c>Privacy:Keys:{keyId}</c> = base64 of
/// 32 random bytes (AES-256), <c>Privacy:ActiveKey</c> = the id new writes use; every other id still reads what was
/// written under it (rotation: add a key, make it active, run <c>migrate-storage</c>, then retire the old one). In Azure
/// the keys come from Key Vault through secret references in app settings; the self-host may keep one in a local file
/// (<see cref="KeyFile"/>). Azurite on a developer's machine uses a fixed development key when none is given.
/// </summary>
internal sealed class ProtectionOptions
{
    public const string Section = "Privacy";

    /// <summary>The key id of the fixed development key (Azurite on a developer's machine only).</summary>
    public const string DevelopmentKeyId = "dev";

    /// <summary>The longest key id: it is written in every protected value.</summary>
    public const int MaxKeyId = 16;

    /// <summary>Key id → base64 of 32 bytes.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The id of the key new writes use.</summary>
    public string? ActiveKey { get; set; }

    /// <summary>
    /// The self-host only: a file holding one key (<c>{keyId}:{base64}</c>), read at start; created with a random key
    /// (mode 0600) when missing in Development, a start error in Production.
    /// </summary>
    public string? KeyFile { get; set; }
}
