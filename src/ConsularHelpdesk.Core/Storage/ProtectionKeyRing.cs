using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Storage;

/// <summary>
/// Builds the cipher of personal data at rest from <see cref="ProtectionOptions"/>, and checks them at start: every key
/// base64 of 32 bytes, the active id in the ring; without any key, Azurite on a developer's machine gets a fixed
/// development key and anything else fails the start naming the settings.
/// </summary>
internal sealed class ProtectionKeyRing(IOptions<StorageOptions> storage) : IValidateOptions<ProtectionOptions>
{
    /// <summary>Only for Azurite on a developer's machine, like the development storage-key secret: not a secret.</summary>
    private static readonly byte[] DevelopmentKey = SHA256.HashData(Encoding.UTF8.GetBytes("consular-helpdesk development-only privacy key, not a secret"));

    public FieldCipher Cipher(ProtectionOptions options)
    {
        if (options.Keys.Count == 0 && storage.Value.IsDevelopmentStorage)
        {
            return new FieldCipher(new Dictionary<string, byte[]> { [ProtectionOptions.DevelopmentKeyId] = DevelopmentKey }, ProtectionOptions.DevelopmentKeyId);
        }

        if (options.Keys.Count == 0)
        {
            throw new ArgumentException(
                "Missing configuration: 'Privacy:Keys:{keyId}' (base64 of 32 random bytes; from Key Vault in Azure, or Privacy:KeyFile for the self-host) and 'Privacy:ActiveKey' (its id): the key that encrypts phone numbers, user ids and names at rest.");
        }

        if (string.IsNullOrWhiteSpace(options.ActiveKey))
        {
            throw new ArgumentException($"Missing configuration: 'Privacy:ActiveKey' (the id of the key new writes use: one of {string.Join(", ", options.Keys.Keys)}).");
        }

        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, value) in options.Keys)
        {
            var bytes = new byte[64];
            keys[id] = Convert.TryFromBase64String(value?.Trim() ?? string.Empty, bytes, out var length)
                ? bytes[..length]
                : throw new ArgumentException($"Privacy:Keys:{id}: not base64 (a key is base64 of 32 random bytes).");
        }

        return new FieldCipher(keys, options.ActiveKey.Trim());
    }

    public ValidateOptionsResult Validate(string? name, ProtectionOptions options)
    {
        try
        {
            _ = Cipher(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail(e.Message.Split(" (Parameter")[0]);
        }
    }
}
