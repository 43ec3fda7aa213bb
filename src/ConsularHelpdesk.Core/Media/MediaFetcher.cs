using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ConsularHelpdesk.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Media;

/// <summary>
/// Downloads one attachment of a citizen's message into the media container: for WhatsApp, <c>GET /{media-id}</c> with
/// the account's token (address, type, SHA-256, size), then the address with the token; for Messenger, the attachment's
/// own address while it is valid. Streams in blocks (never the whole file in memory), sniffs the type from the first
/// bytes, stops at Meta's limit for the type, and commits only verified bytes. Returns the item's final state, or throws
/// <see cref="MediaTransientException"/> when another attempt may succeed (429 and 5xx are first retried with backoff by
/// the HttpClient's resilience handler).
/// </summary>
internal sealed class MediaFetcher(HttpClient http, IConfiguration configuration, MediaAddresses addresses, MediaStore store, IOptions<MediaOptions> options)
{
    private const int MaxRedirects = 3;

    public async Task<MediaItem> FetchAsync(ChannelKind channel, string conversationId, string rowKey, int index, ChannelAttachment attachment, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.DownloadTimeout);
        try
        {
            return await FetchCoreAsync(channel, conversationId, rowKey, index, attachment, timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MediaTransientException("The download took too long.", e);
        }
        catch (HttpRequestException e)
        {
            throw new MediaTransientException($"Meta unreachable ({e.HttpRequestError}).", e);
        }
    }

    private async Task<MediaItem> FetchCoreAsync(ChannelKind channel, string conversationId, string rowKey, int index, ChannelAttachment attachment, CancellationToken cancellationToken)
    {
        MediaItem Failed(string reason) => new(index, MediaStates.Failed, Reason: reason);

        Uri? address;
        string? token = null, sha256 = attachment.Sha256, declaredType = attachment.ContentType;
        long? declaredSize = null;
        if (channel == ChannelKind.WhatsApp && attachment.MediaId is { Length: > 0 } mediaId)
        {
            token = configuration["WhatsApp:AccessToken"];
            if (string.IsNullOrEmpty(token))
            {
                return Failed(MediaReasons.Unavailable);
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(http.BaseAddress!, Uri.EscapeDataString(mediaId)));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken);
            if (Transient(response.StatusCode))
            {
                throw new MediaTransientException($"The Graph API answered {(int)response.StatusCode}.");
            }

            if (!response.IsSuccessStatusCode)
            {
                // WhatsApp forgets media after 30 days (400, 404); a refused token is no reason to try for ever.
                return Failed(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Gone ? MediaReasons.Expired : MediaReasons.Unavailable);
            }

            WhatsAppMediaInfo? info;
            try
            {
                info = await response.Content.ReadFromJsonAsync(MediaJsonContext.Default.WhatsAppMediaInfo, cancellationToken);
            }
            catch (JsonException)
            {
                return Failed(MediaReasons.Unavailable);
            }

            if (info?.Sha256 is not { Length: > 0 })
            {
                // Fail closed: WhatsApp always gives the file's SHA-256, and bytes that cannot be checked are not kept.
                return Failed(MediaReasons.ChecksumMismatch);
            }

            address = Uri.TryCreate(info.Url, UriKind.Absolute, out var url) ? url : null;
            sha256 = info.Sha256;
            declaredSize = info.FileSize;
            declaredType = info.MimeType ?? declaredType;
        }
        else
        {
            address = Uri.TryCreate(attachment.Url, UriKind.Absolute, out var url) ? url : null;
        }

        if (!addresses.IsAllowed(address))
        {
            return Failed(MediaReasons.UnsafeAddress);
        }

        var kindLimit = MediaTypes.LimitOfKind(attachment.ContentKind, channel);
        if (declaredSize > kindLimit)
        {
            return Failed(MediaReasons.TooLarge);
        }

        using var download = await GetFollowingMetaRedirectsAsync(address!, token, cancellationToken);
        if (download is null)
        {
            return Failed(MediaReasons.UnsafeAddress);
        }

        if (Transient(download.StatusCode))
        {
            throw new MediaTransientException($"The download answered {(int)download.StatusCode}.");
        }

        if (!download.IsSuccessStatusCode)
        {
            return Failed(download.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Gone ? MediaReasons.Expired : MediaReasons.Unavailable);
        }

        if (download.Content.Headers.ContentLength > kindLimit)
        {
            return Failed(MediaReasons.TooLarge);
        }

        await using var body = await download.Content.ReadAsStreamAsync(cancellationToken);
        return await StoreAsync(channel, conversationId, rowKey, index, attachment.ContentKind, declaredType, declaredSize, sha256, body, cancellationToken);
    }

    /// <summary>Reads the body block by block: sniffed, counted against the limit, hashed, staged; committed when it all checks out.</summary>
    private async Task<MediaItem> StoreAsync(ChannelKind channel, string conversationId, string rowKey, int index, string kind, string? declaredType, long? declaredSize, string? sha256, Stream body, CancellationToken cancellationToken)
    {
        MediaItem Failed(string reason) => new(index, MediaStates.Failed, Reason: reason);

        var buffer = ArrayPool<byte>.Shared.Rent(MediaStore.BlockBytes);
        try
        {
            var name = MediaStore.BlobName(conversationId, rowKey, index);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            string? contentType = null;
            long limit = 0, total = 0;
            var blocks = 0;
            while (true)
            {
                var read = await body.ReadAtLeastAsync(buffer.AsMemory(0, MediaStore.BlockBytes), MediaStore.BlockBytes, throwOnEndOfStream: false, cancellationToken);
                if (contentType is null)
                {
                    contentType = MediaTypes.Detect(buffer.AsSpan(0, Math.Min(read, MediaTypes.HeadLength)), kind, declaredType);
                    if (contentType is null)
                    {
                        return Failed(MediaReasons.TypeNotAllowed);
                    }

                    limit = MediaTypes.EffectiveLimit(contentType, kind, channel);
                }

                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > limit)
                {
                    return Failed(MediaReasons.TooLarge);
                }

                hash.AppendData(buffer, 0, read);
                await store.StageAsync(name, blocks++, buffer, read, cancellationToken);
                if (read < MediaStore.BlockBytes)
                {
                    break;
                }
            }

            if (declaredSize is { } size && size != total)
            {
                return Failed(MediaReasons.SizeMismatch);
            }

            if (sha256 is { Length: > 0 } expected && !Matches(hash.GetHashAndReset(), expected))
            {
                return Failed(MediaReasons.ChecksumMismatch);
            }

            await store.CommitAsync(name, blocks, contentType, cancellationToken);
            return new MediaItem(index, MediaStates.Available, contentType, total, Blob: name);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A GET that follows at most <see cref="MaxRedirects"/> redirects, each to an allowed address (null when one is not).</summary>
    private async Task<HttpResponseMessage?> GetFollowingMetaRedirectsAsync(Uri address, string? token, CancellationToken cancellationToken)
    {
        for (var redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if ((int)response.StatusCode is < 300 or >= 400 || response.StatusCode == HttpStatusCode.NotModified)
            {
                return response;
            }

            var next = response.Headers.Location is { } location ? new Uri(address, location) : null;
            response.Dispose();
            if (redirects >= MaxRedirects || !addresses.IsAllowed(next))
            {
                return null;
            }

            // The token goes only where it came from: a redirect to a CDN gets none.
            token = next!.Host == address.Host ? token : null;
            address = next;
        }
    }

    private static bool Transient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>Meta gives the SHA-256 as hex (<c>GET /{media-id}</c>) or base64 (the webhook).</summary>
    private static bool Matches(byte[] actual, string expected) =>
        expected.Equals(Convert.ToHexString(actual), StringComparison.OrdinalIgnoreCase) || expected == Convert.ToBase64String(actual);
}
