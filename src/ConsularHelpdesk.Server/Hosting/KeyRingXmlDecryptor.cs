using System.Xml.Linq;
using ConsularHelpdesk.Storage;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// Reads a Data Protection key that <see cref="KeyRingXmlEncryptor"/> stored, under whichever key of the privacy key ring
/// it names (rotation). Data Protection builds it by type with the service provider.
/// </summary>
internal sealed class KeyRingXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        if (encryptedElement.Name != KeyRingXmlEncryptor.Element)
        {
            throw new InvalidOperationException($"Not a key encrypted by {nameof(KeyRingXmlEncryptor)}.");
        }

        var clear = services.GetRequiredService<FieldCipher>().Unprotect(encryptedElement.Value, KeyRingXmlEncryptor.Context)
            ?? throw new InvalidOperationException("An empty encrypted key.");
        return XElement.Parse(clear);
    }
}
