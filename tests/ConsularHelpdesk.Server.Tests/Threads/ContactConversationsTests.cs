using System.Net;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Threads;

/// <summary>
/// A citizen's conversations are indexed under their contact (<c>Contacts</c>, <c>conv-{id}</c>) when each opens, in the
/// contact's own write: what erasure and retention read to find them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ContactConversationsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Each_conversation_a_citizen_opens_is_indexed_under_their_contact_with_its_post_and_channel()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var first = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000001301", "Je suis à Dakar", "dakar");
        (await QueueDrain.DrainedAsync(helpdesk)).Should().BeTrue();
        (await agent.ChangeAsync(first, "close")).StatusCode.Should().Be(HttpStatusCode.OK);
        await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000001301", "Je suis toujours à Dakar", "dakar");
        var second = (await HelpdeskInstance.EventuallyAsync(() => IndexAsync(helpdesk, "7600000000001301"), rows => rows.Count == 2))
            .Single(r => r.ConversationId != first).ConversationId;
        var other = await helpdesk.ConversationAsync(ChannelKind.Messenger, "7600000000001302", "Je suis à Dakar", "dakar");

        var rows = await IndexAsync(helpdesk, "7600000000001301");

        rows.Select(r => r.ConversationId).Should().BeEquivalentTo([first, second]);
        rows.Should().OnlyContain(r => r.PostId == "dakar" && r.Channel == "Messenger" && r.OpenedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
        rows.Select(r => r.ConversationId).Should().NotContain(other, "one partition query of the contact's conv- range: another citizen's conversations are not in it");
        (await IndexAsync(helpdesk, "7600000000001302")).Should().ContainSingle().Which.ConversationId.Should().Be(other);
    }

    private static Task<List<ContactConversationEntity>> IndexAsync(HelpdeskInstance helpdesk, string psid) =>
        helpdesk.Services.GetRequiredService<ContactConversations>()
            .OfAsync(helpdesk.Services.GetRequiredService<StorageKeys>().ContactKey(ChannelKind.Messenger, psid), CancellationToken.None);
}
