using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Media;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Privacy;

/// <summary>What an export held.</summary>
internal sealed record ExportCounts(int Conversations, int Messages, int Files, long FileBytes);

/// <summary>
/// Everything held about one citizen, as an access request needs it: a ZIP of <c>README.txt</c> (nl, fr, de, en),
/// <c>contact.json</c>, and per conversation <c>conversation.json</c>, <c>messages.json</c> (in, out and agents'
/// internal notes) and <c>files/</c> (the citizen's media and our attachments, named by message time and index).
/// Streamed: messages are read a page at a time and written as they come, files copied blob by blob, so memory stays
/// bounded whatever the history (only the names of the files to copy are kept until the messages are written).
/// </summary>
internal sealed class CitizenExport(StorageClients storage, ConversationHeaders headers, PostCatalog catalog)
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary>Writes the ZIP to <paramref name="output"/> (left open; need not seek).</summary>
    public async Task<ExportCounts> WriteAsync(FoundCitizen citizen, Stream output, CancellationToken cancellationToken)
    {
        var (messages, files, bytes, number) = (0, 0, 0L, 0);
        await using var sink = new AsyncOutput(output);
        var archive = await ZipArchive.CreateAsync(sink, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8, cancellationToken);
        await using (archive)
        {
            await WriteEntryAsync(archive, "README.txt", ExportReadme.Text, cancellationToken);
            await sink.DrainAsync(cancellationToken);
            await WriteJsonAsync(archive, "contact.json", w => WriteContact(w, citizen), cancellationToken);
            await sink.DrainAsync(cancellationToken);
            foreach (var conversation in citizen.Conversations.OrderBy(c => c.OpenedAt).ThenBy(c => c.ConversationId, StringComparer.Ordinal))
            {
                var header = await headers.GetAsync(conversation.ConversationId, cancellationToken);
                if (header is null)
                {
                    continue; // a conversation the retention sweep or an erasure removed meanwhile: nothing of it is held
                }

                var folder = $"conversations/{++number:D3}-{header.CreatedAt.UtcDateTime:yyyy-MM-dd}/";
                await WriteJsonAsync(archive, folder + "conversation.json", w => WriteConversation(w, header), cancellationToken);
                await sink.DrainAsync(cancellationToken);
                var toCopy = new List<(string Container, string Blob, string Name, DateTimeOffset At)>();
                var entry = archive.CreateEntry(folder + "messages.json", CompressionLevel.Optimal);
                await using (var stream = await entry.OpenAsync(cancellationToken))
                await using (var writer = new Utf8JsonWriter(stream, Indented))
                {
                    writer.WriteStartArray();
                    var filter = TableClient.CreateQueryFilter($"PartitionKey eq {header.PartitionKey} and RowKey ge {"msg-"} and RowKey lt {"msg."}");
                    await foreach (var message in storage.Table(storage.Names.Conversations).QueryAsync<MessageEntity>(filter, maxPerPage: 200, cancellationToken: cancellationToken))
                    {
                        messages++;
                        WriteMessage(writer, message, messages, folder, toCopy);
                        if (writer.BytesPending > 64 * 1024)
                        {
                            await writer.FlushAsync(cancellationToken);
                        }
                    }

                    writer.WriteEndArray();
                    await writer.FlushAsync(cancellationToken);
                }

                await sink.DrainAsync(cancellationToken);

                foreach (var (container, blob, name, at) in toCopy)
                {
                    var copied = await CopyAsync(archive, container, blob, name, at, cancellationToken);
                    await sink.DrainAsync(cancellationToken);
                    if (copied is { } length)
                    {
                        files++;
                        bytes += length;
                    }
                }
            }

        }

        // The archive's central directory, written as it closed.
        await sink.DrainAsync(cancellationToken);
        await output.FlushAsync(cancellationToken);
        return new ExportCounts(number, messages, files, bytes);
    }

    private static void WriteContact(Utf8JsonWriter w, FoundCitizen citizen)
    {
        var c = citizen.Contact;
        w.WriteStartObject();
        w.WriteString("channel", citizen.Channel.ToString());
        w.WriteString("userId", c?.UserId);
        w.WriteString("phoneNumber", c?.PhoneNumber);
        w.WriteString("name", c?.ProfileName);
        w.WriteString("language", c?.Language);
        w.WriteString("languageSource", c?.LanguageSource);
        WriteTime(w, "lastMessageAt", c?.LastInboundAt);
        WriteTime(w, "privacyNoticeGivenAt", c?.PrivacyNoticeAt);
        w.WriteString("privacyNoticeLanguage", c?.PrivacyNoticeLanguage);
        WriteTime(w, "messagesDeliveredUpTo", c?.DeliveredWatermark);
        WriteTime(w, "messagesReadUpTo", c?.ReadWatermark);
        w.WriteNumber("conversations", citizen.Conversations.Count);
        w.WriteEndObject();
    }

    private void WriteConversation(Utf8JsonWriter w, ThreadHeaderEntity h)
    {
        w.WriteStartObject();
        w.WriteString("id", h.PartitionKey);
        w.WriteString("channel", h.Channel);
        WritePost(w, "post", h.PostId);
        WriteTime(w, "openedAt", h.CreatedAt);
        WriteTime(w, "lastActivityAt", h.LastActivityAt);
        WriteTime(w, "lastMessageFromYouAt", h.LastInboundAt);
        WriteTime(w, "lastMessageToYouAt", h.LastOutboundAt);
        w.WriteString("state", h.State);
        WriteTime(w, "closedAt", h.State == ThreadStates.Closed ? h.ClosedAt : null);
        w.WriteString("language", h.Language);
        w.WriteString("urgency", ConversationLevel.Name(ConversationLevel.Effective(h)) ?? "none");
        w.WriteString("assignedTo", h.AssignedToName);
        w.WriteStartArray("tags");
        foreach (var tag in (h.Tags ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            w.WriteStringValue(tag);
        }

        w.WriteEndArray();
        w.WriteString("crisis", h.CrisisId);
        w.WriteString("routedBecause", h.RoutingReason);
        w.WriteStartArray("routingHistory");
        foreach (var change in RoutingHistory.Read(h))
        {
            w.WriteStartObject();
            WriteTime(w, "at", change.At);
            WritePost(w, "post", change.PostId);
            w.WriteString("because", change.Reason);
            w.WriteString("by", change.By);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void WritePost(Utf8JsonWriter w, string name, string postId)
    {
        w.WriteStartObject(name);
        w.WriteString("id", postId);
        w.WriteString("name", catalog.TryGet(postId, out var post) ? post.NameEn : postId);
        w.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter w, MessageEntity m, int index, string folder, List<(string, string, string, DateTimeOffset)> toCopy)
    {
        w.WriteStartObject();
        WriteTime(w, "at", m.SentAt);
        w.WriteString("direction", m.Direction switch
        {
            Directions.Inbound => "fromYou",
            Directions.Note => "internalNote",
            _ => "toYou",
        });
        w.WriteString("kind", m.Kind);
        w.WriteString("text", m.Text);
        if (m.OriginalText is { } original)
        {
            w.WriteString("firstText", original);
            WriteTime(w, "editedAt", m.EditedAt);
        }

        if (m.Direction != Directions.Inbound)
        {
            w.WriteString("author", m.Author);
            w.WriteString("status", m.Status);
        }

        if (m.CitizenReaction is { } reaction)
        {
            w.WriteString("yourReaction", reaction);
        }

        if (m.Reaction is { } r)
        {
            w.WriteString("reaction", r);
        }

        if (m is { Latitude: { } lat, Longitude: { } lon })
        {
            w.WriteStartObject("location");
            w.WriteNumber("latitude", lat);
            w.WriteNumber("longitude", lon);
            w.WriteString("name", m.LocationName);
            w.WriteString("address", m.LocationAddress);
            w.WriteEndObject();
        }

        if (m.QuickReplies is { } replies)
        {
            w.WriteStartArray("choices");
            foreach (var choice in JsonSerializer.Deserialize(replies, ThreadJsonContext.Default.IReadOnlyListQuickReply) ?? [])
            {
                w.WriteStringValue(choice.Title);
            }

            w.WriteEndArray();
        }

        var attachments = m.Attachments is { } json ? JsonSerializer.Deserialize(json, ThreadJsonContext.Default.IReadOnlyListChannelAttachment) ?? [] : [];
        if (attachments.Count > 0)
        {
            var media = MediaItems.Of(m.Media);
            w.WriteStartArray("files");
            for (var i = 0; i < attachments.Count; i++)
            {
                var a = attachments[i];
                w.WriteStartObject();
                w.WriteString("kind", a.ContentKind);
                w.WriteString("name", a.Name);
                w.WriteString("caption", a.Caption);
                var file = FileOf(m, a, i, media);
                if (file is { } found)
                {
                    var name = $"{folder}files/{m.SentAt.UtcDateTime:yyyyMMdd-HHmmss}-{index:D5}-{i + 1}{found.Extension}";
                    w.WriteString("file", name[folder.Length..]);
                    toCopy.Add((found.Container, found.Blob, name, m.SentAt));
                }
                else if (m.Direction == Directions.Inbound && MediaTypes.IsDownloadable(a))
                {
                    w.WriteNull("file");
                    w.WriteString("notKept", media.TryGetValue(i, out var item) ? item.Reason ?? item.State : MediaStates.Loading);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>Where the bytes of an attachment are held: a citizen's downloaded file, or the file an agent sent.</summary>
    private static (string Container, string Blob, string Extension)? FileOf(MessageEntity m, ChannelAttachment a, int index, Dictionary<int, MediaItem> media)
    {
        if (m.Direction == Directions.Inbound)
        {
            return media.TryGetValue(index, out var item) && item is { State: MediaStates.Available, Blob: { } blob }
                ? (Containers.Media, blob, Extension(item.ContentType))
                : null;
        }

        // An agent's file: the attachments container's blob name, {conversation}/{32 hex}/{safe name}.
        return a.Url is { } url && url.StartsWith(m.PartitionKey + "/", StringComparison.Ordinal)
            ? (Containers.Attachments, url, Path.GetExtension(url) is { Length: > 0 and <= 6 } ext ? ext.ToLowerInvariant() : Extension(a.ContentType))
            : null;
    }

    private async Task<long?> CopyAsync(ZipArchive archive, string container, string blob, string name, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var client = storage.Blobs.GetBlobContainerClient(container == Containers.Media ? storage.Names.MediaContainer : storage.Names.Attachments).GetBlobClient(blob);
        if (!(await client.ExistsAsync(cancellationToken)).Value)
        {
            return null;
        }

        // Photos, voice notes and PDFs are compressed already.
        var entry = archive.CreateEntry(name, CompressionLevel.NoCompression);
        entry.LastWriteTime = at;
        await using var target = await entry.OpenAsync(cancellationToken);
        await using var source = await client.OpenReadAsync(cancellationToken: cancellationToken);
        await source.CopyToAsync(target, cancellationToken);
        return source.Length;
    }

    private static async Task WriteEntryAsync(ZipArchive archive, string name, string text, CancellationToken cancellationToken)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = await entry.OpenAsync(cancellationToken);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
    }

    private static async Task WriteJsonAsync(ZipArchive archive, string name, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = await entry.OpenAsync(cancellationToken);
        await using var writer = new Utf8JsonWriter(stream, Indented);
        write(writer);
        await writer.FlushAsync(cancellationToken);
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            w.WriteString(name, value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string Extension(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/webp" => ".webp",
        "image/gif" => ".gif",
        "audio/ogg" => ".ogg",
        "audio/mpeg" => ".mp3",
        "audio/mp4" => ".m4a",
        "audio/aac" => ".aac",
        "audio/amr" => ".amr",
        "video/mp4" => ".mp4",
        "video/3gpp" => ".3gp",
        "application/pdf" => ".pdf",
        "text/plain" => ".txt",
        "application/msword" => ".doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => ".docx",
        "application/vnd.ms-excel" => ".xls",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => ".xlsx",
        _ => ".bin",
    };

    private static class Containers
    {
        public const string Media = "media";
        public const string Attachments = "attachments";
    }
}
