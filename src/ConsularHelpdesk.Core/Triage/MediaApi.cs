using System.Globalization;
using System.Text.Json;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Http;
using ConsularHelpdesk.Media;
using ConsularHelpdesk.Threads;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// <c>GET conversations/{id}/media/{message}/{index}</c>: a citizen's file, streamed from the private media container to
/// an agent who serves the conversation's post (anyone else: 404, as for the conversation). Ranges are served (audio
/// and video play and seek), the type is the sniffed one, documents come as a download; never Meta's address, never a
/// public blob. Each opening is audited (a request without a range or from its first byte; a player's seeks are not).
/// </summary>
internal static class MediaApi
{
    /// <summary>Agents' browsers may keep a file a few minutes, never a shared cache.</summary>
    public const string CacheControl = "private, max-age=300";

    public static async Task<IResult> GetAsync(HttpContext context, Agent agent, string conversationId, string messageId, string index)
    {
        var ct = context.RequestAborted;
        if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i >= MediaItems.Max
            || !messageId.StartsWith("msg-", StringComparison.Ordinal) || messageId.Length > 200 || conversationId.Length > 200)
        {
            return NotFound();
        }

        var services = context.RequestServices;
        if (await services.GetRequiredService<ConversationHeaders>().FindAsync(conversationId, ct) is not { } header || !agent.CanAccess(header.PostId))
        {
            return NotFound();
        }

        var row = await services.GetRequiredService<MessageLog>().GetAsync(conversationId, messageId, ct);
        if (row is not { Direction: Directions.Inbound } || MediaItems.Of(row.Media).GetValueOrDefault(i) is not { State: MediaStates.Available, Blob: { } blob, ContentType: { } type })
        {
            return NotFound();
        }

        if (await services.GetRequiredService<MediaStore>().OpenAsync(blob, ct) is not { } content)
        {
            return NotFound();
        }

        var range = context.Request.Headers.Range.ToString();
        if (range.Length == 0 || range.StartsWith("bytes=0-", StringComparison.Ordinal))
        {
            await services.GetRequiredService<AuditLog>().RecordAsync(header.PostId, agent.Id, "media.open", conversationId, $"{messageId}/{i} {type}", ct);
        }

        var response = context.Response;
        response.Headers.CacheControl = CacheControl;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = SecurityHeaders.FilePolicy;
        var download = MediaTypes.IsInline(type) ? null : FileName(row, i, type);
        if (download is null)
        {
            response.Headers.ContentDisposition = "inline";
        }

        // The blob's name stands for its bytes: a file once available is never written again (its state is final).
        return TypedResults.Stream(content, type, download, entityTag: new EntityTagHeaderValue($"\"{blob[(blob.LastIndexOf('/') + 1)..]}\""), enableRangeProcessing: true);
    }

    /// <summary>The states of a message's files as the thread shows them, with the API address of each available one.</summary>
    public static IReadOnlyList<MediaView> Views(MessageEntity m)
    {
        if (m is not { Direction: Directions.Inbound, Attachments: { } json })
        {
            return [];
        }

        var attachments = JsonSerializer.Deserialize(json, ThreadJsonContext.Default.IReadOnlyListChannelAttachment) ?? [];
        var items = MediaItems.Of(m.Media);
        var views = new List<MediaView>();
        for (var i = 0; i < attachments.Count && i < MediaItems.Max; i++)
        {
            if (!MediaTypes.IsDownloadable(attachments[i]))
            {
                continue;
            }

            var item = items.GetValueOrDefault(i) ?? new MediaItem(i, MediaStates.Loading);
            var available = item.State == MediaStates.Available;
            views.Add(new MediaView(
                i,
                attachments[i].ContentKind,
                item.State,
                available ? item.ContentType : null,
                available ? item.Size : null,
                item.State == MediaStates.Failed ? item.Reason : null,
                available && item.ContentType is { } type && !MediaTypes.IsInline(type) ? FileName(m, i, type) : null,
                available ? $"/api/triage/conversations/{Uri.EscapeDataString(m.PartitionKey)}/media/{Uri.EscapeDataString(m.RowKey)}/{i}" : null));
        }

        return views;
    }

    /// <summary>The name a document is saved under: the citizen's file name made safe, with the extension of what it is.</summary>
    private static string FileName(MessageEntity row, int index, string type)
    {
        var attachments = row.Attachments is { } json ? JsonSerializer.Deserialize(json, ThreadJsonContext.Default.IReadOnlyListChannelAttachment) ?? [] : [];
        var given = index < attachments.Count ? attachments[index].Name : null;
        var safe = string.Concat((Path.GetFileNameWithoutExtension(given) ?? string.Empty).Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ' ? c : '_')).Trim();
        var stem = safe.Length == 0 ? "document" : safe.Length > 80 ? safe[..80] : safe;
        return stem + MediaTypes.Extension(type);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound() => TypedResults.Problem("No such file in this conversation, or not downloaded.", statusCode: StatusCodes.Status404NotFound);
}
