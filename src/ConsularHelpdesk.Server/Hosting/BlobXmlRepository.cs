using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using ConsularHelpdesk.Storage;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// The Data Protection key ring in the storage account (container <c>{prefix}dataprotection</c>, one blob per key), so
/// that a restart keeps it and every instance on the same account shares it: a sign-in cookie issued by one is read by
/// the others. What Data Protection stores here is already encrypted (<see cref="KeyRingXmlEncryptor"/>). Synchronous,
/// as <see cref="IXmlRepository"/> is; Data Protection reads the ring at start and about once a day.
/// </summary>
internal sealed class BlobXmlRepository(StorageClients storage) : IXmlRepository
{
    private BlobContainerClient Container => storage.Blobs.GetBlobContainerClient(storage.Names.DataProtectionContainer);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var container = Container;
        try
        {
            return [.. container.GetBlobs().Select(blob => XElement.Parse(container.GetBlobClient(blob.Name).DownloadContent().Value.Content.ToString()))];
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No key yet (the container is created with the first): Data Protection makes one.
            return [];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        var container = Container;
        container.CreateIfNotExists();
        // Data Protection names a key by its id ("key-{guid}"); a name of its own is kept apart from anything else.
        var name = $"{(string.IsNullOrWhiteSpace(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName)}.xml";
        container.GetBlobClient(name).Upload(BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting)), overwrite: false);
    }
}
