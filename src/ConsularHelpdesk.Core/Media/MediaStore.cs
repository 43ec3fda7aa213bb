using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Media;

/// <summary>
/// Citizens' files in the private <c>media</c> container, named <c>{conversation}/{hash of the message row and the
/// attachment's index}</c>: no phone number, user id, message id or file name in the name. Written as staged blocks and
/// committed only once the bytes are verified, so a file that fails its checks is never readable (the uncommitted
/// blocks expire by themselves within a week).
/// </summary>
internal sealed class MediaStore(StorageClients storage)
{
    /// <summary>The bytes of one staged block, and so what one download holds in memory.</summary>
    public const int BlockBytes = 1024 * 1024;

    private BlobContainerClient Container => storage.Blobs.GetBlobContainerClient(storage.Names.MediaContainer);

    public static string BlobName(string conversationId, string rowKey, int index) =>
        $"{conversationId}/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{rowKey}/{index}")))[..32]}";

    public async Task StageAsync(string name, int block, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(buffer, 0, count, writable: false);
        await Container.GetBlockBlobClient(name).StageBlockAsync(BlockId(block), content, cancellationToken: cancellationToken);
    }

    /// <summary>Makes the staged blocks the blob's content (replacing what an earlier attempt committed).</summary>
    public Task CommitAsync(string name, int blocks, string contentType, CancellationToken cancellationToken) =>
        Container.GetBlockBlobClient(name).CommitBlockListAsync(
            Enumerable.Range(0, blocks).Select(BlockId),
            new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
            cancellationToken);

    /// <summary>
    /// A seekable read of the blob (ranges are read as asked; its length and ETag are read once, when it opens, and
    /// every range is read on that ETag); null when it is not there.
    /// </summary>
    public async Task<Stream?> OpenAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await Container.GetBlobClient(name).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 256 * 1024 }, cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static string BlockId(int block) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"block-{block:D6}"));
}
