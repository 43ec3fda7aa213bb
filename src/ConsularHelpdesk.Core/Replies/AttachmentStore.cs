using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Replies;

/// <summary>A file an agent attached to a reply, kept in Blob Storage.</summary>
internal sealed record AttachmentRef(string Id, string Name, string ContentType, long Size);

/// <summary>
/// Documents and images agents send to citizens: stored in the <c>attachments</c> container (per conversation),
/// handed to the Graph API as a short-lived read-only link (SAS) for Meta to fetch.
/// </summary>
internal sealed class AttachmentStore(StorageClients storage, TimeProvider time)
{
    /// <summary>Meta's limits: images 5 MB, documents 100 MB; we keep to what a consular answer needs.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    /// <summary>The longest stored file name, extension included.</summary>
    public const int MaxNameLength = 100;

    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/jpeg", "image/png", "application/pdf",
    };

    private BlobContainerClient Container => storage.Blobs.GetBlobContainerClient(storage.Names.Attachments);

    public static bool IsImage(string contentType) => contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);

    /// <returns>Null with a reason when the file is not one we send.</returns>
    public async Task<(AttachmentRef? Attachment, string? Refusal)> UploadAsync(string conversationId, string fileName, string contentType, long length, Stream content, CancellationToken cancellationToken)
    {
        if (!Allowed.Contains(contentType))
        {
            return (null, "Only JPEG and PNG images and PDF documents can be sent.");
        }

        if (length is <= 0 or > MaxBytes)
        {
            return (null, $"The file must be between 1 byte and {MaxBytes / (1024 * 1024)} MB.");
        }

        // The bytes decide what the file is; the declared type must agree, so that what the agent saw is what is sent.
        // A stream that cannot seek (rare: form files can) is buffered, to read its start and still upload all of it.
        await using var buffered = content.CanSeek ? null : new MemoryStream();
        if (buffered is not null)
        {
            await content.CopyToAsync(buffered, cancellationToken);
            buffered.Position = 0;
        }

        var body = buffered ?? content;
        var head = await PeekAsync(body, cancellationToken);
        if (FileSignature.Detect(head) is not { } detected)
        {
            return (null, $"The file's content is not a JPEG or PNG image or a PDF document (it was declared {contentType}): only those can be sent.");
        }

        if (!detected.ContentType.Equals(contentType, StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"The file is {FileSignature.Describe(detected.ContentType)} but was declared {contentType}: send it with the type it has.");
        }

        var safeName = WithExtension(string.Concat(Path.GetFileName(fileName).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')).Trim('.'), detected.Extension);
        var id = $"{conversationId}/{Guid.NewGuid():N}/{safeName}";
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Container.GetBlobClient(id).UploadAsync(body, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = detected.ContentType } }, cancellationToken);
        return (new AttachmentRef(id, safeName, detected.ContentType, length), null);
    }

    /// <summary>The name with the extension of what the file is (report.exe holding a PDF is stored as report.pdf).</summary>
    private static string WithExtension(string safeName, string extension)
    {
        var name = safeName.Length > 0 ? safeName : "file";
        var current = Path.GetExtension(name);
        var fits = current.Equals(extension, StringComparison.OrdinalIgnoreCase)
            || (extension == ".jpg" && current.Equals(".jpeg", StringComparison.OrdinalIgnoreCase));
        name = fits ? name : Path.ChangeExtension(name, extension);

        // The name travels in the blob name (at most 1,024 characters), the thread row and the queue message: a long
        // one is cut before its extension, so that it still says what the file is.
        var kept = Path.GetExtension(name);
        return name.Length <= MaxNameLength ? name : name[..(MaxNameLength - kept.Length)].TrimEnd('.') + kept;
    }

    /// <summary>The first bytes, leaving the stream where it was.</summary>
    private static async Task<byte[]> PeekAsync(Stream content, CancellationToken cancellationToken)
    {
        var head = new byte[FileSignature.Length];
        var start = content.Position;
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        content.Position = start;
        return head[..read];
    }

    public async Task<AttachmentRef?> FindAsync(string conversationId, string id, CancellationToken cancellationToken)
    {
        // An attachment belongs to its conversation: exactly {conversation}/{32 hex}/{safe name}, no dot segments.
        if (id.Split('/') is not [var conversation, { Length: 32 } folder, { Length: > 0 } name]
            || conversation != conversationId || !folder.All(char.IsAsciiHexDigit) || name is "." or ".."
            || !name.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            return null;
        }

        var blob = Container.GetBlobClient(id);
        if (!await blob.ExistsAsync(cancellationToken))
        {
            return null;
        }

        var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        return new AttachmentRef(id, id[(id.LastIndexOf('/') + 1)..], properties.Value.ContentType, properties.Value.ContentLength);
    }

    /// <summary>A read-only link valid for an hour, for Meta to fetch the file when it delivers the message.</summary>
    public async Task<Uri> LinkAsync(string id, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlobClient(id);
        var expires = time.GetUtcNow().AddHours(1);
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(BlobSasPermissions.Read, expires);
        }

        // Managed identity: no account key, so a user delegation key signs the link.
        var key = await storage.Blobs.GetUserDelegationKeyAsync(time.GetUtcNow().AddMinutes(-5), expires, cancellationToken);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expires) { BlobContainerName = Container.Name, BlobName = id, Resource = "b" };
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, storage.Blobs.AccountName) }.ToUri();
    }
}
