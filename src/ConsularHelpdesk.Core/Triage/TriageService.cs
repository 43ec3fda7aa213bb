using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Audit;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Replies;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Routing.Text;
using ConsularHelpdesk.Storage;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.Configuration;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// What agents do from the triage view, for both hosts: every call checks that the agent serves the post of the
/// conversation (another post's conversation is "not found": nothing leaks), changes use the conversation's ETag
/// (two agents at once: one gets a conflict, nothing is lost), and every read and action is audited.
/// </summary>
internal sealed class TriageService(
    ThreadStore threads,
    ConversationHeaders headers,
    ContactBook contacts,
    MessageLog messageLog,
    SendClaims claims,
    ConversationTransfers transfers,
    OutboundQueue outbound,
    PendingSends pendingSends,
    PostCatalog catalog,
    AgentDirectory agents,
    AttachmentStore attachments,
    ConversationSearchIndex search,
    AuditLog audit,
    IConfiguration configuration,
    IDeadlineIndex deadlines,
    ConversationLevels levels,
    ILevelAlert levelAlert,
    PostNotice notices,
    TimeProvider time)
{
    private const string ClosedProblem = "This conversation is closed; reopen it to reply.";

    private static readonly Lazy<Dictionary<string, List<CannedResponse>>> Canned = new(LoadCanned);


    public MeView Me(Agent agent) => new(
        agent.Id,
        agent.Name,
        agent.Role,
        agent.Language,
        [.. catalog.Posts.Where(p => agent.CanAccess(p.Id)).Select(View)],
        [.. catalog.Posts.Where(p => p.ConsularHelp || p.Id == Routing.Posts.Central).Select(View)]);

    private static PostView View(Post p) => new(p.Id, p.NameNl, p.NameFr, p.NameEn, p.City, p.Country, p.TimeZone);

    /// <summary>
    /// The whole thread; marks it read and audits the read. With the ETag of the agent's last read
    /// (<paramref name="ifNoneMatch"/>) and nothing changed since, answers NotModified: no read, no audit.
    /// </summary>
    public async Task<TriageResult<ThreadView>> ReadAsync(Agent agent, string conversationId, CancellationToken cancellationToken, string? ifNoneMatch = null)
    {
        var header = await HeaderAsync(agent, conversationId, cancellationToken);
        if (header is null)
        {
            return TriageResult<ThreadView>.Fail(TriageStatus.NotFound, "No such conversation.");
        }

        var rows = await messageLog.ThreadAsync(conversationId, cancellationToken);
        var contact = await ContactAsync(header, cancellationToken);
        if (ifNoneMatch is not null && ifNoneMatch == ThreadEtag(header, contact, rows))
        {
            return TriageResult<ThreadView>.Fail(TriageStatus.NotModified, "Not modified.");
        }

        if (header.UnreadCount > 0)
        {
            header = await ChangeAsync(header, h => h.UnreadCount = 0, contact, cancellationToken) ?? header;
        }

        await audit.RecordAsync(header.PostId, agent.Id, "read", conversationId, null, cancellationToken);
        var channel = Enum.Parse<ChannelKind>(header.Channel);
        var lastInbound = ContactBook.LastInbound(header, contact);
        var window = WindowView(channel, lastInbound, contact?.Language);
        var contactView = new ContactView(contact?.ShownName, header.Channel, contact?.Language, contact?.LanguageSource, lastInbound, window);
        var byChannelId = MessageRelations.ByChannelId(rows);
        var messages = rows.Select(r => MessageRelations.With(ToView(r, contact), r, byChannelId)).ToList();
        return TriageResult<ThreadView>.Ok(new ThreadView(Detail(header, contact), contactView, messages) { ThreadEtag = ThreadEtag(header, contact, rows) });
    }

    /// <summary>Header, contact (Messenger watermarks live there) and every message: any change makes a new one.</summary>
    private static string ThreadEtag(ThreadHeaderEntity header, ContactEntity? contact, List<MessageEntity> rows) =>
        Hash(header.ETag + "|" + contact?.ETag + "|" + string.Join('|', rows.Select(r => r.ETag.ToString())));

    public async Task<TriageResult<ReplyAccepted>> ReplyAsync(Agent agent, string conversationId, string? ifMatch, ReplyRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.ReplyId) || (string.IsNullOrWhiteSpace(request.Text) && request.Template is null && request.AttachmentId is null))
        {
            return TriageResult<ReplyAccepted>.Fail(TriageStatus.BadRequest, "A reply needs a replyId and a text, a template or an attachment.");
        }

        var header = await HeaderAsync(agent, conversationId, cancellationToken);
        if (header is null)
        {
            return TriageResult<ReplyAccepted>.Fail(TriageStatus.NotFound, "No such conversation.");
        }

        if (ifMatch is not null && ifMatch != header.ETag.ToString())
        {
            return TriageResult<ReplyAccepted>.Fail(TriageStatus.Conflict, "The conversation changed since you loaded it; reload it and send again.");
        }

        // Refused rather than reopened: the agent decides to reopen (audited as such); a citizen writing again opens a new conversation.
        if (header.State == ThreadStates.Closed)
        {
            return TriageResult<ReplyAccepted>.Fail(TriageStatus.Closed, ClosedProblem);
        }

        if (InputLimits.Check(request, Enum.Parse<ChannelKind>(header.Channel)) is { } tooLong)
        {
            return TriageResult<ReplyAccepted>.Fail(TriageStatus.BadRequest, tooLong);
        }

        var contact = await ContactAsync(header, cancellationToken);
        var channel = Enum.Parse<ChannelKind>(header.Channel);
        var window = WindowView(channel, ContactBook.LastInbound(header, contact), contact?.Language);
        string? template = null;
        switch (window.Mode)
        {
            case ReplyMode.Closed:
                return TriageResult<ReplyAccepted>.Fail(TriageStatus.Unprocessable, window.Explanation["en"]);
            case ReplyMode.Template when request.Template is null || !window.Templates.Values.Contains(request.Template):
                return TriageResult<ReplyAccepted>.Fail(TriageStatus.Unprocessable, window.Explanation["en"]);
            case ReplyMode.Template:
                template = request.Template;
                break;
        }

        AttachmentRef? file = null;
        if (request.AttachmentId is { } attachmentId && (file = await attachments.FindAsync(conversationId, attachmentId, cancellationToken)) is null)
        {
            return TriageResult<ReplyAccepted>.Fail(TriageStatus.BadRequest, "No such attachment in this conversation: upload it first.");
        }

        // The message this reply answers: one of the thread's with the platform's id (a citizen's, or one of ours once sent).
        string? replyTo = null;
        if (request.ReplyTo is { } answered)
        {
            var quoted = answered.StartsWith("msg-", StringComparison.Ordinal) ? await messageLog.GetAsync(conversationId, answered, cancellationToken) : null;
            if (quoted is not { ChannelMessageId.Length: > 0 } || quoted.Direction == Directions.Note || quoted.ActivityType == ActivityTypes.MessageReaction)
            {
                return TriageResult<ReplyAccepted>.Fail(TriageStatus.BadRequest, "'replyTo' names no message of this conversation that the citizen received or sent.");
            }

            replyTo = quoted.ChannelMessageId;
        }

        var language = Languages.ReplyLanguage(contact?.Language ?? Languages.Unknown);
        var text = request.Text ?? string.Empty;

        // Messenger sends a file without a caption: the text goes first, as a message of its own.
        var parts = new List<(string ReplyId, string Text, AttachmentRef? File)>();
        if (file is not null && channel == ChannelKind.Messenger && text.Length > 0)
        {
            parts.Add(($"{request.ReplyId}:text", text, null));
            parts.Add(($"{request.ReplyId}:file", string.Empty, file));
        }
        else
        {
            parts.Add((request.ReplyId, text, file));
        }

        string rowKey = string.Empty;
        ThreadHeaderEntity? updated = null;
        foreach (var (replyId, partText, partFile) in parts)
        {
            // Only the first part answers the message (Messenger's file after its text follows it).
            var partReplyTo = replyId == parts[0].ReplyId ? replyTo : null;
            var kind = template is not null ? ContentKinds.Template
                : partFile is null ? ContentKinds.Text
                : AttachmentStore.IsImage(partFile.ContentType) ? ContentKinds.Image : ContentKinds.Document;
            var shown = template is null ? partText : $"[template {template}] {partText}".Trim();
            IReadOnlyList<ChannelAttachment> shownFiles = partFile is null ? [] : [new ChannelAttachment(kind, partFile.ContentType, Name: partFile.Name, Url: partFile.Id)];
            var message = new OutboundMessage(
                $"reply:{replyId}",
                conversationId,
                string.Empty,
                channel,
                header.ChannelAccountId ?? string.Empty,
                contact?.UserId ?? string.Empty,
                contact?.PhoneNumber,
                partText,
                [],
                window.Mode == ReplyMode.Tag ? "HUMAN_AGENT" : null,
                template,
                language,
                partFile)
            {
                ReplyToMessageId = partReplyTo,
            };

            // From the first durable write on, finish even if the agent's request goes away; should this process die
            // before the enqueue, the pending-sends row written before the thread row lets the sweep queue it.
            (rowKey, updated) = await messageLog.AppendOursAsync(
                conversationId, $"reply:{conversationId}:{replyId}", kind, shown, [], (agent.Id, agent.Name), Directions.Outbound, CancellationToken.None, shownFiles,
                async row => message = await pendingSends.AddAsync(message with { MessageRowKey = row }, CancellationToken.None), replyToId: partReplyTo);
            try
            {
                await outbound.EnqueueAsync(message with { MessageRowKey = rowKey }, CancellationToken.None);
            }
            catch (Exception e) when (StorageFailure.IsOutage(e))
            {
                // The reply is in the thread but not on its way: show it as failed, so that the agent sends it again
                // (the same reply id sends it once).
                await claims.MarkFailedAsync(conversationId, rowKey, 503, "Not queued for sending: storage was unavailable. Send again.", CancellationToken.None);
                return TriageResult<ReplyAccepted>.Fail(TriageStatus.Unavailable, "The reply could not be queued; it is marked as failed. Send it again.");
            }
        }

        await audit.RecordAsync(header.PostId, agent.Id, "reply", conversationId, rowKey, cancellationToken);
        return TriageResult<ReplyAccepted>.Ok(new ReplyAccepted(rowKey, Detail(updated ?? header, contact)));
    }

    public async Task<TriageResult<ConversationSummary>> NoteAsync(Agent agent, string conversationId, NoteRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, "A note needs a text.");
        }

        if (InputLimits.Check(request) is { } tooLong)
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, tooLong);
        }

        var header = await HeaderAsync(agent, conversationId, cancellationToken);
        if (header is null)
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.NotFound, "No such conversation.");
        }

        var (rowKey, updated) = await messageLog.AppendOursAsync(conversationId, $"note:{Guid.NewGuid():N}", "note", request.Text, [], (agent.Id, agent.Name), Directions.Note, cancellationToken);
        await audit.RecordAsync(header.PostId, agent.Id, "note", conversationId, rowKey, cancellationToken);
        return TriageResult<ConversationSummary>.Ok(Detail(updated ?? header, await ContactAsync(header, cancellationToken)));
    }

    public async Task<TriageResult<ConversationSummary>> AssignAsync(Agent agent, string conversationId, string? ifMatch, AssignRequest request, CancellationToken cancellationToken)
    {
        if (InputLimits.Check(request) is { } tooLong)
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, tooLong);
        }

        if (await HeaderAsync(agent, conversationId, cancellationToken) is null)
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.NotFound, "No such conversation.");
        }

        var assignee = agent;
        if (request.AgentId is { } other && other != agent.Id)
        {
            assignee = await agents.FindAsync(other, cancellationToken) ?? agent with { Id = string.Empty };
            if (assignee.Id.Length == 0)
            {
                return TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, "No such agent.");
            }
        }

        (bool Changed, string? Replaced, ThreadHeaderEntity? Header) recheck = default;
        var result = await ActAsync(agent, conversationId, ifMatch, "assign", assignee.Id, h =>
        {
            if (!assignee.CanAccess(h.PostId))
            {
                return "That agent does not serve this conversation's post.";
            }

            (h.AssignedTo, h.AssignedToName) = (assignee.Id, assignee.Name);
            var (changed, replaced) = deadlines.CheckAssignee(h);
            recheck = (changed, replaced, h);
            return null;
        }, cancellationToken);

        // The sweep looks at a held conversation within the reassignment delay, not only at its target's times: the
        // new row after the header that points at it (a crash in between: the sweep, meeting the old row, writes it).
        if (result.Status == TriageStatus.Ok && recheck is (true, var old, { } header))
        {
            await ReindexAsync(header, old);
        }

        return result;
    }

    public Task<TriageResult<ConversationSummary>> UnassignAsync(Agent agent, string conversationId, string? ifMatch, CancellationToken cancellationToken) =>
        ActAsync(agent, conversationId, ifMatch, "unassign", null, h => { (h.AssignedTo, h.AssignedToName) = (null, null); return null; }, cancellationToken);

    public async Task<TriageResult<ConversationSummary>> CloseAsync(Agent agent, string conversationId, string? ifMatch, CancellationToken cancellationToken)
    {
        string? deadline = null;
        var result = await ActAsync(agent, conversationId, ifMatch, "close", null, h =>
        {
            // Closing again keeps the first close's time: the history row is keyed by it, and a new key would leave the old row behind.
            if (h.State != ThreadStates.Closed)
            {
                (h.State, h.ClosedAt) = (ThreadStates.Closed, time.GetUtcNow());
            }

            // A closed conversation waits for no one: its response target ends with it.
            deadline = Waiting.Clear(h);
            return null;
        }, cancellationToken);
        if (result.Status == TriageStatus.Ok)
        {
            await ReindexAsync(null, deadline);
        }

        return result;
    }

    public Task<TriageResult<ConversationSummary>> ReopenAsync(Agent agent, string conversationId, string? ifMatch, CancellationToken cancellationToken) =>
        ActAsync(agent, conversationId, ifMatch, "reopen", null, h => { h.State = ThreadStates.Open; return null; }, cancellationToken);

    public Task<TriageResult<ConversationSummary>> TagAsync(Agent agent, string conversationId, string? ifMatch, TagsRequest request, CancellationToken cancellationToken) =>
        request.Tags is null || request.Tags.Any(t => t is null || t.Contains(',', StringComparison.Ordinal))
            ? Task.FromResult(TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, "Tags must be a list of texts without commas."))
            : InputLimits.Check(request) is { } tooLong
            ? Task.FromResult(TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, tooLong))
            : search.AfterAsync(ChangeTagsAsync(agent, conversationId, ifMatch, request, cancellationToken), conversationId, cancellationToken);

    private async Task<TriageResult<ConversationSummary>> ChangeTagsAsync(Agent agent, string conversationId, string? ifMatch, TagsRequest request, CancellationToken cancellationToken)
    {
        (string? OldKey, ThreadHeaderEntity Header)? retargeted = null;
        var result = await ActAsync(agent, conversationId, ifMatch, "tags", string.Join(',', request.Tags), h =>
        {
            var tags = request.Tags.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            h.Tags = tags.Count > 0 ? string.Join(',', tags) : null;
            // The tag still makes a conversation urgent; untagged, it stays urgent if its level is (ConversationLevel).
            var urgent = ConversationLevel.HasUrgentTag(h.Tags) || ConversationLevel.Stored(h) >= Distress.DistressLevel.Urgent;
            if (urgent != h.Urgent && Waiting.IsWaiting(h))
            {
                // The priority sets the target: a waiting conversation gets the new due time (and its index row, below).
                var old = h.DeadlineKey;
                h.Urgent = urgent;
                deadlines.Schedule(h);
                deadlines.CheckAssignee(h); // held by someone: the reassignment check stays
                retargeted = (old, h);
            }

            h.Urgent = urgent;
            return null;
        }, cancellationToken);

        // The new row after the header that points at it: a crash in between leaves the old row, and the sweep, meeting
        // it, writes the new one.
        if (result.Status == TriageStatus.Ok && retargeted is var (oldKey, header))
        {
            await ReindexAsync(header, oldKey);
        }

        return result;
    }

    /// <summary>
    /// An agent raises or lowers the conversation's level (none, elevated, urgent, critical), on its ETag, audited. The
    /// response target follows the urgency; lowered below urgent, the <c>urgent</c> tag goes too; a raise to urgent or
    /// critical tells the duty officer covering the post now (once per change). Automatic raises hold back after it
    /// (<see cref="ConversationLevel.AutomaticMayRaise"/>).
    /// </summary>
    public Task<TriageResult<ConversationSummary>> SetLevelAsync(Agent agent, string conversationId, string? ifMatch, LevelRequest request, CancellationToken cancellationToken) =>
        ConversationLevel.Parse(request.Level) is not { } level
            ? Task.FromResult(TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, "The level must be none, elevated, urgent or critical."))
            : search.AfterAsync(ChangeLevelAsync(agent, conversationId, ifMatch, level, cancellationToken), conversationId, cancellationToken);

    private async Task<TriageResult<ConversationSummary>> ChangeLevelAsync(Agent agent, string conversationId, string? ifMatch, Distress.DistressLevel level, CancellationToken cancellationToken)
    {
        var changeId = $"agent:{Guid.NewGuid():N}";
        (string? Replaced, bool Raised, ThreadHeaderEntity? Header) outcome = default;
        var result = await ActAsync(agent, conversationId, ifMatch, "level", ConversationLevel.Name(level), h =>
        {
            var wasUrgent = h.Urgent;
            var before = ConversationLevel.SetByAgent(h, level, changeId, time.GetUtcNow());
            outcome = (levels.Retarget(h, wasUrgent), level >= Distress.DistressLevel.Urgent && level > before, h);
            return null;
        }, cancellationToken);

        if (result.Status == TriageStatus.Ok && outcome.Header is { } header)
        {
            await levels.AfterAsync(header, outcome.Replaced, CancellationToken.None);
            if (outcome.Raised)
            {
                await levelAlert.RaisedAsync(header.PartitionKey, header.PostId, level, changeId, CancellationToken.None);
            }
        }

        return result;
    }

    /// <summary>
    /// A supervisor of the conversation's post or an administrator puts it under legal hold (a reason required, at most
    /// 200 characters) or releases it, on its ETag; audited (<c>legalhold.set</c> / <c>legalhold.clear</c>, no reason in
    /// the audit: it is on the header). Retention leaves a held conversation; erasure refuses a citizen who has one.
    /// </summary>
    public async Task<TriageResult<ConversationSummary>> SetLegalHoldAsync(Agent agent, string conversationId, string? ifMatch, LegalHoldRequest request, CancellationToken cancellationToken)
    {
        if (agent.Role is not (AgentRole.Admin or AgentRole.Supervisor))
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.Forbidden, "Only supervisors and administrators set or lift a legal hold.");
        }

        var reason = request.Reason?.Trim();
        if (reason is { Length: > FieldLimits.LegalHoldReason })
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, $"The reason is at most {FieldLimits.LegalHoldReason} characters.");
        }

        if (request.Hold && string.IsNullOrEmpty(reason))
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, "A legal hold needs a reason (a case or file number).");
        }

        return await ActAsync(agent, conversationId, ifMatch, request.Hold ? "legalhold.set" : "legalhold.clear", null, h =>
        {
            (h.LegalHold, h.LegalHoldBy, h.LegalHoldAt, h.LegalHoldReason) = (request.Hold, agent.Id, time.GetUtcNow(), request.Hold ? reason : null);
            return null;
        }, cancellationToken);
    }

    public async Task<TriageResult<ConversationSummary>> SetLanguageAsync(Agent agent, string conversationId, string? ifMatch, LanguageRequest request, CancellationToken cancellationToken)
    {
        if (!Languages.Supported.Contains(request.Language))
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, "The language must be nl, fr, de or en.");
        }

        var result = await ActAsync(agent, conversationId, ifMatch, "language", request.Language, h => { h.Language = request.Language; return null; }, cancellationToken);
        if (result.Status == TriageStatus.Ok && await HeaderAsync(agent, conversationId, cancellationToken) is { } header
            && await ContactAsync(header, cancellationToken) is { } contact)
        {
            await contacts.SetLanguageAsync(Enum.Parse<ChannelKind>(contact.Channel), contact.UserId, request.Language, LanguageSources.Agent, cancellationToken);
        }

        return result;
    }

    public async Task<TriageResult<ConversationSummary>> TransferAsync(Agent agent, string conversationId, string? ifMatch, TransferRequest request, CancellationToken cancellationToken)
    {
        var header = await HeaderAsync(agent, conversationId, cancellationToken);
        if (header is null)
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.NotFound, "No such conversation.");
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || string.IsNullOrWhiteSpace(request.PostId))
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, "A transfer needs a post and a reason.");
        }

        if (InputLimits.Check(request) is { } tooLong)
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, tooLong);
        }

        if (ifMatch is not null && ifMatch != header.ETag.ToString())
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.Conflict, "The conversation changed since you loaded it; reload it and try again.");
        }

        if (!catalog.TryGet(request.PostId, out var target) || !(target.ConsularHelp || target.Id == Routing.Posts.Central))
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, "Conversations go only to a post that gives consular help, or the central desk.");
        }

        // Only from a post the agent serves, checked again at the write (the conversation may move meanwhile).
        var outcome = await transfers.TransferAsync(conversationId, request.PostId, request.Reason, agent.Id, cancellationToken, from => agent.CanAccess(from));
        if (outcome == TransferOutcome.ConversationNotFound)
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.NotFound, "No such conversation.");
        }

        if (outcome == TransferOutcome.PostNotFound)
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, "No such post.");
        }

        await search.IndexAsync(conversationId, header.PostId, cancellationToken);
        var moved = await RawHeaderAsync(conversationId, cancellationToken);
        if (moved is null)
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.NotFound, "No such conversation.");
        }

        // The citizen is told which post handles their case now (within the platforms' window; once per transfer).
        var contact = await ContactAsync(moved, cancellationToken);
        if (await notices.TellTransferAsync(moved, contact, cancellationToken))
        {
            moved = await RawHeaderAsync(conversationId, cancellationToken) ?? moved; // the notice's row changed the header: its new ETag
        }

        return TriageResult<ConversationSummary>.Ok(Detail(moved, contact));
    }

    public async Task<TriageResult<AttachmentRef>> UploadAsync(Agent agent, string conversationId, string fileName, string contentType, long length, Stream content, CancellationToken cancellationToken)
    {
        var header = await HeaderAsync(agent, conversationId, cancellationToken);
        if (header is null)
        {
            return TriageResult<AttachmentRef>.Fail(TriageStatus.NotFound, "No such conversation.");
        }

        var (file, refusal) = await attachments.UploadAsync(conversationId, fileName, contentType, length, content, cancellationToken);
        if (file is null)
        {
            return TriageResult<AttachmentRef>.Fail(TriageStatus.BadRequest, refusal!);
        }

        await audit.RecordAsync(header.PostId, agent.Id, "upload", conversationId, file.Id, cancellationToken);
        return TriageResult<AttachmentRef>.Ok(file);
    }

    public static IReadOnlyList<CannedResponse> CannedResponses(string? language) =>
        Canned.Value.TryGetValue(Languages.ReplyLanguage(language ?? Languages.Unknown), out var list) ? list : Canned.Value[Languages.En];

    private async Task<TriageResult<ConversationSummary>> ActAsync(
        Agent agent, string conversationId, string? ifMatch, string action, string? details, Func<ThreadHeaderEntity, string?> change, CancellationToken cancellationToken)
    {
        var header = await HeaderAsync(agent, conversationId, cancellationToken);
        if (header is null)
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.NotFound, "No such conversation.");
        }

        if (ifMatch is not null && ifMatch != header.ETag.ToString())
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.Conflict, "The conversation changed since you loaded it; reload it and try again.");
        }

        if (change(header) is { } refusal)
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.BadRequest, refusal);
        }

        var contact = await ContactAsync(header, cancellationToken);
        if (!await threads.SaveHeaderAsync(header, null, cancellationToken, contact))
        {
            return TriageResult<ConversationSummary>.Fail(TriageStatus.Conflict, "Someone else changed the conversation at the same time; reload it and try again.");
        }

        await audit.RecordAsync(header.PostId, agent.Id, action, conversationId, details, cancellationToken);
        return TriageResult<ConversationSummary>.Ok(Detail(header, contact));
    }

    /// <summary>Applies a change the system makes on read (unread count), retrying on concurrent changes.</summary>
    private async Task<ThreadHeaderEntity?> ChangeAsync(ThreadHeaderEntity header, Action<ThreadHeaderEntity> change, ContactEntity? contact, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            change(header);
            if (await threads.SaveHeaderAsync(header, null, cancellationToken, contact))
            {
                return header;
            }

            header = await RawHeaderAsync(header.PartitionKey, cancellationToken) ?? header;
        }

        return null;
    }

    /// <summary>The header, or null when there is none or the agent does not serve its post (the same answer).</summary>
    private async Task<ThreadHeaderEntity?> HeaderAsync(Agent agent, string conversationId, CancellationToken cancellationToken) =>
        await RawHeaderAsync(conversationId, cancellationToken) is { } header && agent.CanAccess(header.PostId) ? header : null;

    private Task<ThreadHeaderEntity?> RawHeaderAsync(string conversationId, CancellationToken cancellationToken) => headers.FindAsync(conversationId, cancellationToken);

    private Task<ContactEntity?> ContactAsync(ThreadHeaderEntity header, CancellationToken cancellationToken) => contacts.OfAsync(header, cancellationToken);

    private ReplyWindowView WindowView(ChannelKind channel, DateTimeOffset? lastInbound, string? language)
    {
        var window = ReplyWindow.For(channel, lastInbound, time.GetUtcNow());
        var templates = configuration.GetSection("WhatsApp:Templates").GetChildren()
            .Where(c => c.Value is { Length: > 0 })
            .ToDictionary(c => c.Key, c => c.Value!);
        var template = window.Mode == ReplyMode.Template
            ? templates.GetValueOrDefault(Languages.ReplyLanguage(language ?? Languages.Unknown)) ?? templates.GetValueOrDefault(Languages.En)
            : null;
        return new ReplyWindowView(window.Mode, window.Until, window.Explanation, templates, template);
    }

    private static bool WaitingForUs(DateTimeOffset? lastInbound, DateTimeOffset? lastOutbound) =>
        lastInbound is { } inbound && (lastOutbound is null || inbound > lastOutbound);

    private ConversationSummary Detail(ThreadHeaderEntity h, ContactEntity? contact) => new(
        h.PartitionKey, h.PostId, h.Channel, contact?.ShownName, h.Language, h.State, h.AssignedTo, h.AssignedToName, h.LastActivityAt, h.LastInboundAt,
        h.UnreadCount, h.Preview, WaitingForUs(h.LastInboundAt, h.LastOutboundAt) ? "us" : "citizen", h.Urgent, SplitTags(h.Tags), h.RoutingStep, h.RoutingReason)
    {
        Etag = h.ETag.ToString(),
        RoutingReasons = Routing.RoutingReason.FromJson(h.RoutingWhy)?.Render(catalog),
        RoutingHistory = [.. RoutingHistory.Read(h).Select(c => new RoutingHistoryView(c.At, c.PostId, c.Step.ToString(), c.Reason, c.Why?.Render(catalog), c.By, c.Place))],
        DueAt = h.DueAt,
        Target = h.Target,
        Level = ConversationLevel.Name(ConversationLevel.Effective(h)),
        LevelSetBy = h.LevelSetBy,
        LegalHold = h.LegalHold,
        LegalHoldInfo = h.LegalHold ? new LegalHoldView(h.LegalHoldBy, h.LegalHoldAt, h.LegalHoldReason) : null,
    };

    private static MessageView ToView(MessageEntity m, ContactEntity? contact) => new(
        m.RowKey,
        m.Direction,
        m.Kind,
        m.Text,
        m.Author,
        m.SentAt,
        StatusOf(m, contact),
        m.Errors is { } errors ? JsonSerializer.Deserialize(errors, ThreadJsonContext.Default.IReadOnlyListChannelError) ?? [] : [],
        // A citizen's files lose Meta's addresses and ids: agents read them through the media endpoint only.
        m.Attachments is { } attachments
            ? [.. (JsonSerializer.Deserialize(attachments, ThreadJsonContext.Default.IReadOnlyListChannelAttachment) ?? [])
                .Select(a => m.Direction == Directions.Inbound && Media.MediaTypes.IsDownloadable(a) ? a with { Url = null, MediaId = null } : a)]
            : [],
        m is { Latitude: { } lat, Longitude: { } lon } ? new LocationView(lat, lon, m.LocationName, m.LocationAddress) : null,
        m.QuickReplies is { } replies ? JsonSerializer.Deserialize(replies, ThreadJsonContext.Default.IReadOnlyListQuickReply) ?? [] : [])
    {
        // Intake questions written before automatic messages had an author are known by their kind.
        Automatic = m.Direction == Directions.Outbound && (m.AuthorId == MessageLog.AutomaticAuthor || m.Kind == "intake"),
        Distress = m.DistressLevel is { } level ? new DistressView(level, DistressCategoriesOf(m.DistressMatches)) : null,
        Broadcast = m.Broadcast is { } broadcast ? broadcast.Split('|')[0] : null,
        Media = m.Direction == Directions.Inbound && m.Attachments is not null && MediaApi.Views(m) is { Count: > 0 } media ? media : null,
    };

    private static IReadOnlyList<string> DistressCategoriesOf(string? matches) =>
        matches is null ? [] : [.. (JsonSerializer.Deserialize(matches, ThreadJsonContext.Default.IReadOnlyListStoredDistressMatch) ?? []).Select(m => m.Category).Distinct(StringComparer.Ordinal)];

    /// <summary>A message's own status, moved on by the Messenger watermarks (every message up to one counts).</summary>
    private static string? StatusOf(MessageEntity m, ContactEntity? contact)
    {
        if (m.Status == "Sending")
        {
            return "Pending"; // claimed by a sender: for the agent, still on its way
        }

        if (m.Direction != Directions.Outbound || m.ChannelMessageId is null || m.Status == nameof(DeliveryState.Failed))
        {
            return m.Status;
        }

        var own = Enum.TryParse<DeliveryState>(m.Status, out var state) ? state : DeliveryState.Unknown;
        var byWatermark = contact?.ReadWatermark >= m.SentAt ? DeliveryState.Read
            : contact?.DeliveredWatermark >= m.SentAt ? DeliveryState.Delivered
            : DeliveryState.Unknown;
        return (byWatermark > own ? byWatermark : own).ToString();
    }

    private static string[] SplitTags(string? tags) =>
        tags is null ? [] : tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// After a change the header holds: writes the index row it points at (when given), then removes the one it
    /// replaced. Best effort: the change is made, so a storage error here is no failure of it; the sweep, meeting the
    /// old row, writes the header's row and removes the old one.
    /// </summary>
    private async Task ReindexAsync(ThreadHeaderEntity? header, string? replaced)
    {
        try
        {
            if (header is not null)
            {
                await deadlines.WriteAsync(header, CancellationToken.None);
            }

            await deadlines.RemoveAsync(replaced, CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // Left for the sweep (above).
        }
    }

    private static string Hash(string value) => "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32] + "\"";

    private static Dictionary<string, List<CannedResponse>> LoadCanned()
    {
        var assembly = typeof(TriageService).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(".Triage.Data.canned-responses.json", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        return JsonSerializer.Deserialize(stream, TriageJsonContext.Default.DictionaryStringListCannedResponse)
            ?? throw new InvalidDataException("canned-responses.json is empty.");
    }
}
