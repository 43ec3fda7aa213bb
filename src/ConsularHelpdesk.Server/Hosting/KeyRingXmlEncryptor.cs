using System.Xml.Linq;
using ConsularHelpdesk.Storage;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// Encrypts each Data Protection key before it is stored (<see cref="BlobXmlRepository"/>) with the privacy key ring's
/// active key (<see cref="FieldCipher"/>, AES-256-GCM): the stored XML holds <c>enc:v1:{keyId}:…</c>, never the key
/// material. Hand-written: the Azure Data Protection packages are not in the registry this project builds from.
/// </summary>
internal sealed class KeyRingXmlEncryptor(FieldCipher cipher) : IXmlEncryptor
{
    /// <summary>The associated data of a Data Protection key: a protected value cannot be moved here from a contact row, nor back.</summary>
    internal const string Context = "DataProtection|key";

    internal static readonly XName Element = "privacyEncryptedKey";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(new XElement(Element, cipher.Protect(plaintextElement.ToString(SaveOptions.DisableFormatting), Context)), typeof(KeyRingXmlDecryptor));
}
