using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>Triage API calls as the page makes them: changes as JSON with the conversation's current etag in If-Match.</summary>
internal static class TriageRequests
{
    public static async Task<HttpResponseMessage> ChangeAsync(
        this HttpClient agent, string conversationId, string action, object? body = null, HttpMethod? method = null, Action<HttpRequestMessage>? adjust = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, $"api/triage/conversations/{conversationId}/{action}") { Content = JsonContent.Create(body ?? new { }) };
        request.Headers.TryAddWithoutValidation("If-Match", await agent.EtagAsync(conversationId));
        adjust?.Invoke(request);
        return await agent.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> UploadFormAsync(this HttpClient agent, string conversationId, HttpContent form)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/triage/conversations/{conversationId}/attachments") { Content = form };
        request.Headers.TryAddWithoutValidation("If-Match", await agent.EtagAsync(conversationId));
        return await agent.SendAsync(request);
    }

    /// <summary>One file as the page uploads it (multipart field <c>file</c>, with If-Match).</summary>
    public static async Task<HttpResponseMessage> UploadFileAsync(this HttpClient agent, string conversationId, string name, string contentType, byte[] content)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        form.Add(file, "file", name);
        return await agent.UploadFormAsync(conversationId, form);
    }

    /// <summary>The conversation's current etag; for a conversation the agent cannot see, one that matches nothing.</summary>
    public static async Task<string> EtagAsync(this HttpClient agent, string conversationId)
    {
        using var response = await agent.GetAsync($"api/triage/conversations/{conversationId}");
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonObject>())!["conversation"]!["etag"]!.GetValue<string>()
            : "\"none\"";
    }

    public static async Task<JsonObject> ThreadAsync(this HttpClient agent, string conversationId) =>
        (await agent.GetFromJsonAsync<JsonObject>($"api/triage/conversations/{conversationId}"))!;

    /// <summary>A citizen writes on the channel naming their city; returns the conversation id once routed to the post.</summary>
    public static async Task<string> ConversationAsync(this HelpdeskInstance helpdesk, ChannelKind channel, string sender, string text, string post)
    {
        var body = channel == ChannelKind.Messenger
            ? CitizenPayloads.Messenger(sender, DateTimeOffset.UtcNow, CitizenPayloads.MessengerText(text))
            : CitizenPayloads.WhatsApp(sender, "Awa", DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText(text));
        (await helpdesk.PostAsync(channel, body)).StatusCode.Should().Be(HttpStatusCode.OK);
        var contactKey = helpdesk.Services.GetRequiredService<ConsularHelpdesk.Storage.StorageKeys>().ContactKey(channel, sender);
        var rows = await HelpdeskInstance.EventuallyAsync(
            helpdesk.ConversationRowsAsync,
            r => r.Any(h => h.RowKey == "thread" && h.GetString("PostId") == post && h.GetString("ContactKey") == contactKey));
        return rows.First(h => h.RowKey == "thread" && h.GetString("PostId") == post && h.GetString("ContactKey") == contactKey).PartitionKey;
    }
}
