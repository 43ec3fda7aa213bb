using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>A WhatsApp citizen with what an access request or an erasure must find, and how to recognise it.</summary>
internal sealed record PrivacyCitizen(string WaId, string Name, string UniqueText, string ContactKey, IReadOnlyList<string> Conversations, string AgentReply, string AgentNote);

/// <summary>
/// Builds a citizen through the webhooks and the triage API as it happens in use: two conversations at Lisbon (the
/// first closed), a photo downloaded to the media container, an agent's reply with a PDF attachment and an internal note.
/// </summary>
internal static class PrivacyCitizens
{
    public static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"u8.ToArray();

    public static async Task<PrivacyCitizen> CreateAsync(HelpdeskInstance helpdesk, string waId, string name, string unique)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        await PostAsync(helpdesk, waId, name, at, CitizenPayloads.WhatsAppText($"Bom dia, estou em Lisboa. {unique} primeiro"));
        var contactKey = helpdesk.Services.GetRequiredService<StorageKeys>().ContactKey(ChannelKind.WhatsApp, waId);
        var first = (await HeadersAsync(helpdesk, contactKey, 1))[0];
        await PostAsync(helpdesk, waId, name, at.AddSeconds(1), CitizenPayloads.WhatsAppMedia("image", DemoMedia.PhotoId, "image/jpeg", caption: $"{unique} foto"));
        using var admin = await helpdesk.SignInAsync("admin");
        await HelpdeskInstance.EventuallyAsync(
            async () => (await admin.ThreadAsync(first))["messages"]!.AsArray().SelectMany(m => m!["media"]?.AsArray() ?? []).Select(i => i!["state"]!.GetValue<string>()).ToList(),
            states => states is ["available"],
            TimeSpan.FromSeconds(30));

        using var agent = await helpdesk.SignInAsync("lisbon-agent");
        using var upload = await agent.UploadFileAsync(first, "Formulario.pdf", "application/pdf", Pdf);
        upload.StatusCode.Should().Be(HttpStatusCode.Created);
        var attachment = (await upload.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var reply = $"Bom dia {name}, veja o formulário.";
        (await agent.ChangeAsync(first, "replies", new { replyId = Guid.NewGuid().ToString(), text = reply, attachmentId = attachment })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var note = $"Called {name} back about {unique}.";
        (await agent.ChangeAsync(first, "notes", new { text = note })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await agent.ChangeAsync(first, "close")).StatusCode.Should().Be(HttpStatusCode.OK);

        await PostAsync(helpdesk, waId, name, DateTimeOffset.UtcNow, CitizenPayloads.WhatsAppText($"Ainda em Lisboa, {unique} segundo"));
        var both = await HeadersAsync(helpdesk, contactKey, 2);
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        return new PrivacyCitizen(waId, name, unique, contactKey, both, reply, note);
    }

    private static async Task PostAsync(HelpdeskInstance helpdesk, string waId, string name, DateTimeOffset at, JsonObject message)
    {
        using var response = await helpdesk.PostAsync(ChannelKind.WhatsApp, CitizenPayloads.WhatsApp(waId, name, at, message));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>The contact's conversation ids, oldest first, once there are <paramref name="count"/>.</summary>
    private static async Task<List<string>> HeadersAsync(HelpdeskInstance helpdesk, string contactKey, int count)
    {
        var headers = await HelpdeskInstance.EventuallyAsync(
            async () => (await helpdesk.ConversationRowsAsync()).Where(r => r.RowKey == "thread" && r.GetString("ContactKey") == contactKey).ToList(),
            h => h.Count >= count);
        headers.Should().HaveCount(count);
        return [.. headers.OrderBy(h => h.GetDateTimeOffset("CreatedAt")).Select(h => h.PartitionKey)];
    }
}
