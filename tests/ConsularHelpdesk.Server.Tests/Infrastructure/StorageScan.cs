using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>
/// Everything an instance's storage holds, as text: every row of every table (keys and values), every blob of every
/// container (name and content), every visible message of every queue (peeked, so nothing changes). Tests may scan.
/// </summary>
internal static class StorageScan
{
    /// <summary>Where each place holds it: "table Contacts whatsapp-…/", "blob media/…", "queue inbound".</summary>
    public static async Task<List<(string Where, string Text)>> AllAsync(StorageClients storage)
    {
        var prefix = storage.Names.Contacts[..^"Contacts".Length];
        var found = new List<(string, string)>();
        await foreach (var table in storage.Tables.QueryAsync())
        {
            if (!table.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            await foreach (var row in storage.Table(table.Name).QueryAsync<TableEntity>())
            {
                found.Add(($"table {table.Name[prefix.Length..]} {row.PartitionKey}/{row.RowKey}", string.Join("|", row.Select(p => $"{p.Key}={p.Value}"))));
            }
        }

        await foreach (var container in storage.Blobs.GetBlobContainersAsync(prefix: prefix))
        {
            var client = storage.Blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                found.Add(($"blob {container.Name}/{blob.Name}", blob.Name + "|" + Encoding.UTF8.GetString(content)));
            }
        }

        await foreach (var queue in storage.Queues.GetQueuesAsync(prefix: prefix))
        {
            PeekedMessage[] messages = (await storage.Queue(queue.Name).PeekMessagesAsync(32)).Value;
            foreach (var message in messages)
            {
                found.Add(($"queue {queue.Name}", Decoded(message.Body.ToString())));
            }
        }

        return found;
    }

    /// <summary>An inbound envelope's inline body decoded (base64 would hide the text), anything else as it is.</summary>
    private static string Decoded(string text)
    {
        try
        {
            var body = System.Text.Json.Nodes.JsonNode.Parse(text)?["body"]?.GetValue<string>();
            return body is null ? text : text + "|" + Encoding.UTF8.GetString(Convert.FromBase64String(body));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            return text;
        }
    }
}
