using System.Diagnostics;
using System.Text.Json;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Crises;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Replies;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Broadcasts;

/// <summary>
/// The <c>broadcasts</c> queue's handler: one step of one broadcast per message. A step first collects recipients (a
/// row per citizen of the area and period, from the area activity index), then hands one page of them at a time to the
/// outbound queue — the message written into each citizen's thread first, as any reply — under the platforms' rules
/// (<see cref="SendRules"/>), and queues the next step to start when the sender, paced by its throttle, can have sent
/// the page. After a cancel, its steps count the recipients still queued as cancelled, a page at a time, so that the
/// counts add up to the recipients. A step belongs to a run number and holds a lease on the header: a stale or second copy of a job does
/// nothing, and a step interrupted by a restart is taken up by its redelivery. Every message is sent at most once
/// (its thread row's send claim), so a repeated step repeats no send. Throws on what it cannot finish (the queue
/// redelivers it).
/// </summary>
public sealed partial class BroadcastRunner : IQueueHandler
{
    private static readonly TimeSpan HeaderBehind = TimeSpan.FromSeconds(1);

    /// <summary>How long a first step waits for a header not yet written (the request writes it right after queuing the step).</summary>
    private static readonly TimeSpan HeaderPatience = TimeSpan.FromMinutes(1);

    private readonly BroadcastStore store;
    private readonly BroadcastQueue queue;
    private readonly BroadcastReceipts receipts;
    private readonly AreaActivity areas;
    private readonly ConversationHeaders headers;
    private readonly ContactBook contacts;
    private readonly MessageLog messages;
    private readonly PendingSends pending;
    private readonly OutboundQueue outbound;
    private readonly SendRules rules;
    private readonly BroadcastRunOptions options;
    private readonly BroadcastRuleOptions ruleOptions;
    private readonly SendThrottleOptions throttle;
    private readonly TimeProvider time;
    private readonly ILogger<BroadcastRunner> logger;

    // Internal: public only because a Functions trigger takes it in its public constructor; built by a factory in DI.
    internal BroadcastRunner(
        BroadcastStore store, BroadcastQueue queue, BroadcastReceipts receipts, AreaActivity areas, ConversationHeaders headers, ContactBook contacts, MessageLog messages,
        PendingSends pending, OutboundQueue outbound, SendRules rules, IOptions<BroadcastRunOptions> options, IOptions<BroadcastRuleOptions> ruleOptions,
        IOptions<SendThrottleOptions> throttle, TimeProvider time, ILogger<BroadcastRunner> logger)
    {
        this.store = store;
        this.queue = queue;
        this.receipts = receipts;
        this.areas = areas;
        this.headers = headers;
        this.contacts = contacts;
        this.messages = messages;
        this.pending = pending;
        this.outbound = outbound;
        this.rules = rules;
        this.options = options.Value;
        this.ruleOptions = ruleOptions.Value;
        this.throttle = throttle.Value;
        this.time = time;
        this.logger = logger;
    }

    public string QueueName => queue.QueueName;

    public async Task HandleAsync(string message, CancellationToken cancellationToken)
    {
        var job = JsonSerializer.Deserialize(message, BroadcastJsonContext.Default.BroadcastJob) ?? throw new JsonException("Not a broadcast job.");
        var header = await store.GetAsync(job.BroadcastId, cancellationToken);
        var now = time.GetUtcNow();
        if (header is null && job.Made is { } made && now - made < HeaderPatience)
        {
            // The first step is queued before the header is written: look again shortly. A header never written (the
            // request failed) is given up after the patience: nothing was made.
            await queue.EnqueueAsync(job, HeaderBehind, cancellationToken);
            return;
        }

        if (header is null || header.Phase is BroadcastPhases.Done || IsWithdrawn(header) || job.Run < header.Run)
        {
            LogStale(job.Run);
            return;
        }

        if (job.Run > header.Run || header.LeaseUntil > now)
        {
            // The step before has queued this one but not yet saved the header, or another copy of this step is working:
            // look again when that must be settled.
            await queue.EnqueueAsync(job, job.Run > header.Run ? HeaderBehind : header.LeaseUntil!.Value - now, cancellationToken);
            return;
        }

        header.LeaseUntil = now + options.Lease;
        if (!await store.TryReplaceAsync(header, cancellationToken))
        {
            LogStale(job.Run); // another copy took the lease, or the broadcast was cancelled meanwhile
            return;
        }

        var clock = Stopwatch.StartNew();
        TimeSpan delay;
        try
        {
            if (job.Run == 0)
            {
                await store.WritePointerAsync(header, cancellationToken); // the request's write may have failed after the header
            }

            delay = header.Phase switch
            {
                BroadcastPhases.Collecting => await CollectAsync(header, cancellationToken),
                BroadcastPhases.Cancelled => await WithdrawAsync(header, cancellationToken),
                _ => await SendPageAsync(header, cancellationToken),
            };
        }
        catch
        {
            // The host is stopping, or the step failed: give the lease back, so that the redelivery (on this instance or
            // the next) starts at once; a step that keeps failing ends in the poison queue like any queue message.
            await ReleaseAsync(job.BroadcastId, job.Run);
            throw;
        }

        delay -= clock.Elapsed;

        // The next step is queued before the header moves on: a crash in between leaves this step to be redelivered
        // (its work is idempotent) and the early copy of the next to wait for the header or to find itself stale. After
        // the last page too: a cancel stored during that page leaves the next step its queued recipients to count.
        if (!IsWithdrawn(header))
        {
            await queue.EnqueueAsync(new BroadcastJob(header.PartitionKey, job.Run + 1), delay, cancellationToken);
        }

        await AdvanceAsync(header, job.Run, cancellationToken);
    }

    /// <summary>
    /// Saves the step's progress (cursor, phase, counts) with the next run number; a cancel meanwhile wins: the header
    /// keeps it (and its cursor, for the count of the cancelled) and only takes the next run number.
    /// </summary>
    private async Task AdvanceAsync(BroadcastEntity done, int run, CancellationToken cancellationToken)
    {
        var next = done;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            next.Run = run + 1;
            next.LeaseUntil = null;
            if (await store.TryReplaceAsync(next, cancellationToken))
            {
                LogStep(run, done.Phase);
                return;
            }

            var current = await store.GetAsync(done.PartitionKey, cancellationToken);
            if (current is null || current.Run != run)
            {
                return;
            }

            if (current.Phase != BroadcastPhases.Cancelled || done.Phase == BroadcastPhases.Cancelled)
            {
                (current.Phase, current.Cursor, current.Recipients, current.FinishedAt, current.WithdrawnAt) = (done.Phase, done.Cursor, done.Recipients, done.FinishedAt, done.WithdrawnAt);
            }
            else
            {
                current.Recipients = done.Recipients; // collected before the cancel: counted queued, then cancelled
            }

            next = current;
        }

        throw new InvalidOperationException("The broadcast's header kept changing; the step will be retried.");
    }

    private async Task ReleaseAsync(string id, int run)
    {
        try
        {
            if (await store.GetAsync(id, CancellationToken.None) is { } header && header.Run == run)
            {
                header.LeaseUntil = null;
                await store.TryReplaceAsync(header, CancellationToken.None);
            }
        }
        catch (Azure.RequestFailedException)
        {
            // Best effort: the lease then runs out by itself.
        }
    }

    /// <summary>
    /// Writes the recipients of the next <see cref="BroadcastRunOptions.CollectBatch"/> rows of the area index, read on
    /// from the cursor (<see cref="AreaActivity.PageAsync"/>: never the area again from its start); a contact met again
    /// (another day, another country) is the recipient row already there, kept with the newest message. The walk's end
    /// starts sending.
    /// </summary>
    private async Task<TimeSpan> CollectAsync(BroadcastEntity header, CancellationToken cancellationToken)
    {
        var page = await areas.PageAsync(header.Areas.Split(',', StringSplitOptions.RemoveEmptyEntries), header.From, header.To, header.Cursor, options.CollectBatch, cancellationToken);
        var batch = page.Contacts
            .OrderBy(c => c.ContactKey, StringComparer.Ordinal)
            .Select(c => new BroadcastRecipientEntity
            {
                PartitionKey = header.PartitionKey,
                RowKey = BroadcastKeys.Recipient(c.ContactKey),
                Channel = c.Channel.ToString(),
                ConversationId = c.ConversationId,
                Account = c.Account,
                LastInboundAt = c.LastInboundAt,
                State = nameof(RecipientState.Queued),
            })
            .ToList();
        header.Recipients += await store.AddRecipientsAsync(header.PartitionKey, batch, cancellationToken);
        if (page.Next is null)
        {
            (header.Phase, header.Cursor) = (BroadcastPhases.Sending, null);
        }
        else
        {
            header.Cursor = page.Next;
        }

        LogCollected(batch.Count);
        return TimeSpan.Zero;
    }

    /// <summary>Hands the next page of queued recipients to the outbound queue; returns how long the sender needs for it.</summary>
    private async Task<TimeSpan> SendPageAsync(BroadcastEntity header, CancellationToken cancellationToken)
    {
        var page = await store.RecipientsAsync(header.PartitionKey, header.Cursor, options.PageSize, cancellationToken);
        var texts = JsonSerializer.Deserialize(header.Texts, BroadcastJsonContext.Default.BroadcastTexts) ?? throw new JsonException("A broadcast without texts.");
        var handed = 0;
        await Parallel.ForEachAsync(
            page.Where(r => r.State == nameof(RecipientState.Queued)),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (recipient, ct) =>
            {
                if (await HandOnAsync(header, recipient, texts, ct))
                {
                    Interlocked.Increment(ref handed);
                }
            });

        if (page.Count < options.PageSize)
        {
            (header.Phase, header.FinishedAt) = (BroadcastPhases.Done, time.GetUtcNow());
        }
        else
        {
            header.Cursor = page[^1].RowKey;
        }

        LogPage(page.Count, handed);
        return TimeSpan.FromSeconds((double)handed / throttle.MessagesPerSecond);
    }

    /// <summary>After a cancel: counts the next recipients still queued as cancelled (the sender withdraws those it holds).</summary>
    private async Task<TimeSpan> WithdrawAsync(BroadcastEntity header, CancellationToken cancellationToken)
    {
        var max = options.PageSize * 10;
        var page = await store.QueuedRecipientsAsync(header.PartitionKey, header.Cursor, max, cancellationToken);
        await receipts.CancelQueuedAsync(header.PartitionKey, page, cancellationToken);
        if (page.Count < max)
        {
            header.WithdrawnAt = time.GetUtcNow();
        }
        else
        {
            header.Cursor = page[^1].RowKey;
        }

        LogWithdrawn(page.Count);
        return TimeSpan.Zero;
    }

    private static bool IsWithdrawn(BroadcastEntity header) => header is { Phase: BroadcastPhases.Cancelled, WithdrawnAt: not null };

    /// <summary>One recipient: not reachable (counted), or the message in the thread and on the outbound queue.</summary>
    private async Task<bool> HandOnAsync(BroadcastEntity broadcast, BroadcastRecipientEntity recipient, BroadcastTexts texts, CancellationToken cancellationToken)
    {
        var reference = BroadcastKeys.Reference(broadcast.PartitionKey, recipient.RowKey);
        var conversation = await headers.FindAsync(recipient.ConversationId, cancellationToken);
        var contact = conversation is null ? null : await contacts.OfAsync(conversation, cancellationToken);
        if (conversation is null || contact is not { UserId.Length: > 0 } || !Enum.TryParse<ChannelKind>(conversation.Channel, out var channel))
        {
            await receipts.MoveAsync(reference, RecipientState.NotReachable, "the conversation or contact is gone", cancellationToken);
            return false;
        }

        var languages = Languages.ReplyLanguages(contact.Language ?? conversation.Language);
        var plan = rules.Plan(channel, ContactBook.LastInbound(conversation, contact), languages[0], time.GetUtcNow());
        if (plan.Mode == SendMode.NotReachable)
        {
            await receipts.MoveAsync(reference, RecipientState.NotReachable, plan.Reason, cancellationToken);
            return false;
        }

        // A template has one language; a free-form message is in each of the citizen's (Dutch and French when unknown).
        var template = plan.Mode == SendMode.Template;
        var text = template ? texts.For(languages[0]) : InLanguages.Join(languages, texts.For);
        var replyId = $"broadcast:{broadcast.PartitionKey}:{recipient.RowKey}";
        var message = new OutboundMessage(
            replyId,
            conversation.PartitionKey,
            string.Empty,
            channel,
            conversation.ChannelAccountId ?? string.Empty,
            contact.UserId,
            contact.PhoneNumber,
            text,
            [],
            MessengerTag: plan.Mode == SendMode.HumanAgentTag ? "HUMAN_AGENT" : null,
            WhatsAppTemplate: plan.TemplateName,
            TemplateLanguage: plan.TemplateLanguage,
            TemplateParameter: template ? TemplateParameter.Clean(text, ruleOptions.TemplateParameterLimit) : null,
            Broadcast: reference);

        // As any message of ours: the pending-sends row before the thread row, so that a crash before the enqueue leaves
        // it for the sweep; the same reply id finds the row written before (a repeated step writes nothing twice). An
        // automatic message that answers nothing: the citizen's wait for a person goes on.
        var written = false;
        var (rowKey, _) = await messages.AppendOursAsync(
            conversation.PartitionKey,
            replyId,
            template ? ContentKinds.Template : ContentKinds.Text,
            template ? $"[template {plan.TemplateName}] {text}" : text,
            [],
            (MessageLog.AutomaticAuthor, MessageLog.AutomaticAuthor),
            Directions.Outbound,
            cancellationToken,
            beforeAdd: async row =>
            {
                written = true;
                message = await pending.AddAsync(message with { MessageRowKey = row }, cancellationToken);
            },
            answers: false,
            broadcast: reference);
        // A repeated step (a redelivery, a second copy) finds the row written before: it queues it again only while it
        // is still waiting to be sent (a crash between the row and the queue); a message already sent or refused by
        // Meta is not handed to the sender a second time (a failed message would be claimable again).
        if (!written && (await messages.GetAsync(conversation.PartitionKey, rowKey, cancellationToken))?.Status != SendClaims.PendingStatus)
        {
            return false;
        }

        await outbound.EnqueueAsync(message with { MessageRowKey = rowKey }, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast step of run {Run} is stale or its broadcast ended; nothing done")]
    private partial void LogStale(int run);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast step of run {Run} done; phase {Phase}")]
    private partial void LogStep(int run, string phase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast collected {Count} recipients")]
    private partial void LogCollected(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast cancelled: {Count} queued recipients counted cancelled")]
    private partial void LogWithdrawn(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast page of {Count} recipients, {Handed} handed to the sender")]
    private partial void LogPage(int count, int handed);
}
