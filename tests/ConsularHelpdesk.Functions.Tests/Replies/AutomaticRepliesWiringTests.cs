using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Replies;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Tests.Replies;

/// <summary>
/// The Functions app acknowledges messages while a post is closed as the self-host does: the same core handler
/// follows every recorded message.
/// </summary>
public sealed class AutomaticRepliesWiringTests : IDisposable
{
    private readonly ServiceProvider _services = TestServices.Create();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void The_inbound_queue_trigger_follows_a_recorded_message_with_the_intake_question_and_the_automatic_replies()
    {
        var handlers = _services.GetServices<IMessageRecordedHandler>().Select(h => h.GetType()).ToList();

        handlers.Should().Contain([typeof(IntakeQuestion), typeof(AutomaticReplies)]);
        _services.GetRequiredService<AutomaticReplies>().Should().BeSameAs(_services.GetServices<IMessageRecordedHandler>().OfType<AutomaticReplies>().Single());
    }
}
