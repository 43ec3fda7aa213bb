using ConsularHelpdesk.Functions.Ingest;
using ConsularHelpdesk.Ingest;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Tests.Replies;

/// <summary>
/// The record path as the Functions host runs it, on Azurite: a citizen whose language cannot be told, routed to a post
/// by the place they name, gets one message that says which post handles their case, in Dutch and French, with the
/// choice of four languages — whatever the hour (open: the notice alone; closed: the notice leading the acknowledgement).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LanguageRecordPathTests : FunctionsOnAzurite
{
    private const string Page = "299999999999991";

    [Fact]
    public async Task A_citizen_whose_language_cannot_be_told_is_told_the_post_in_dutch_and_french_with_the_choice_of_language()
    {
        var function = new InboundQueueFunction(Services.GetRequiredService<InboundProcessor>());
        var (message, _) = MessengerText(Page, "7800000000000001", "m_language_7800000000000001", "Bangkok 🙏");

        await function.RunAsync(message, CancellationToken.None);

        var reply = (await QueuedRepliesAsync()).Should().ContainSingle("the notice and any acknowledgement are one message").Subject;
        reply.Text.Should().StartWith("Uw bericht is doorgegeven aan de Ambassade van België in Bangkok.")
            .And.Contain("Votre message a été transmis à l'Ambassade de Belgique à Bangkok.")
            .And.Contain("Kies uw taal / Choisissez votre langue / Wählen Sie Ihre Sprache / Choose your language");
        reply.QuickReplies.Select(q => q.Payload).Should().Equal("LANG:nl", "LANG:fr", "LANG:de", "LANG:en");
    }
}
