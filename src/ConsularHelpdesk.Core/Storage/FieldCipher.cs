using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace ConsularHelpdesk.Storage;

/// <summary>
/// Encrypts a personal value for a table property (AES-256-GCM from the BCL): <c>enc:v1:{keyId}:{base64(nonce|ciphertext|tag)}</c>,
/// a random 12-byte nonce and a 16-byte tag, with the row's identity (the property's name and the row's key) as
/// associated data, so that a value copied to another row or property does not decrypt. A value without the prefix
/// (written before encryption) reads as it is, and is encrypted on its row's next write. Keys rotate: each value names
/// its key, every key of the ring reads, the active one writes (<see cref="ProtectionOptions"/>).
/// </summary>
internal sealed class FieldCipher
{
    public const string Prefix = "enc:v1:";

    private const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly FrozenDictionary<string, byte[]> _keys;

    /// <param name="keys">The ring: key id → 32 bytes.</param>
    /// <param name="activeKey">The id new writes use; in <paramref name="keys"/>.</param>
    /// <exception cref="ArgumentException">A key is not 32 bytes, an id is not a short name, or the active id is not in the ring.</exception>
    public FieldCipher(IReadOnlyDictionary<string, byte[]> keys, string activeKey)
    {
        foreach (var (id, key) in keys)
        {
            if (!IsKeyId(id))
            {
                throw new ArgumentException($"Privacy:Keys:{id}: a key id is 1 to {ProtectionOptions.MaxKeyId} letters, digits or '-'.", nameof(keys));
            }

            if (key.Length != KeyBytes)
            {
                throw new ArgumentException($"Privacy:Keys:{id}: a key is {KeyBytes} bytes (base64 of 32 random bytes), not {key.Length}.", nameof(keys));
            }
        }

        if (!keys.ContainsKey(activeKey))
        {
            throw new ArgumentException($"Privacy:ActiveKey: '{activeKey}' is not a key of Privacy:Keys ({string.Join(", ", keys.Keys)}).", nameof(activeKey));
        }

        _keys = keys.ToFrozenDictionary(k => k.Key, k => k.Value.ToArray(), StringComparer.Ordinal);
        ActiveKey = activeKey;
    }

    /// <summary>The id of the key new writes use.</summary>
    public string ActiveKey { get; }

    /// <summary>Whether <paramref name="id"/> can name a key (it is written into every value: short, no ':').</summary>
    public static bool IsKeyId(string id) =>
        id.Length is > 0 and <= ProtectionOptions.MaxKeyId && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    /// <summary>The value encrypted under the active key for the property named by <paramref name="context"/>; null stays null.</summary>
    public string? Protect(string? clear, string context)
    {
        if (clear is null)
        {
            return null;
        }

        var plain = Encoding.UTF8.GetBytes(clear);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_keys[ActiveKey], TagBytes))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), Encoding.UTF8.GetBytes(context));
        }

        return $"{Prefix}{ActiveKey}:{Convert.ToBase64String(sealedBytes)}";
    }

    /// <summary>The clear value: decrypted when protected, as it is when written before encryption; null stays null.</summary>
    /// <exception cref="UnreadableValueException">Protected, but under a key not in the ring, altered, or moved from another row or property.</exception>
    public string? Unprotect(string? stored, string context)
    {
        if (stored is null || !IsProtected(stored))
        {
            return stored;
        }

        var rest = stored.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        var keyId = colon > 0 ? rest[..colon].ToString() : string.Empty;
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new UnreadableValueException($"The value was protected under key '{(IsKeyId(keyId) ? keyId : "?")}', which is not in Privacy:Keys.");
        }

        var sealedBytes = new byte[rest.Length];
        if (!Convert.TryFromBase64Chars(rest[(colon + 1)..], sealedBytes, out var length) || length < NonceBytes + TagBytes)
        {
            throw new UnreadableValueException("The protected value is not well formed.");
        }

        var plain = new byte[length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length, TagBytes), plain, Encoding.UTF8.GetBytes(context));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new UnreadableValueException("The protected value was altered or belongs to another row.", e);
        }

        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Whether a stored value is protected (by any key).</summary>
    public static bool IsProtected(string? stored) => stored?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>Whether a stored value is to be written again: in clear, or under another key than the active one.</summary>
    public bool NeedsRewrite(string? stored) =>
        stored is not null && !(IsProtected(stored) && stored.AsSpan(Prefix.Length).StartsWith(ActiveKey + ":", StringComparison.Ordinal));

    /// <summary>A new 32-byte key, base64: what a key file or a Key Vault secret holds.</summary>
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));
}
