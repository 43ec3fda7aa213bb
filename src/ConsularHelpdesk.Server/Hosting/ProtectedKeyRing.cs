using ConsularHelpdesk.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// The self-host's Data Protection (which protects the sign-in cookie): its key ring persisted in the storage account
/// (<see cref="BlobXmlRepository"/>: a restart keeps it, instances share it) and each key encrypted under the privacy
/// key ring (<see cref="KeyRingXmlEncryptor"/>). One application name, so that instances installed in different folders
/// read each other's cookies.
/// </summary>
internal static class ProtectedKeyRing
{
    public const string ApplicationName = "consular-helpdesk";

    public static IServiceCollection AddProtectedKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<StorageClients, FieldCipher>((o, storage, cipher) =>
        {
            o.XmlRepository = new BlobXmlRepository(storage);
            o.XmlEncryptor = new KeyRingXmlEncryptor(cipher);
        });
        return services;
    }
}
