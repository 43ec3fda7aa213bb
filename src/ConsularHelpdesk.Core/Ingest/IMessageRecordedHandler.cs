using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Ingest;

/// <summary>
/// What follows once a citizen's message is in its thread (the intake question; later acknowledgements and alerts).
/// The inbound processor calls each after the message is stored, also for a redelivery, without knowing what they do:
/// the step that decides triggers the step that follows, and Ingest imports none of them.
/// </summary>
internal interface IMessageRecordedHandler
{
    /// <summary>Must be idempotent: a redelivered message calls it again.</summary>
    Task OnRecordedAsync(ChannelActivity activity, RecordResult result, CancellationToken cancellationToken);
}
