using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Replies;
using ConsularHelpdesk.Threads;

namespace ConsularHelpdesk.Triage;

/// <summary>The outcome of a triage call, for the hosts to map to HTTP.</summary>
internal enum TriageStatus
{
    Ok,

    /// <summary>No such conversation, or one of a post the agent does not serve (the same answer: nothing leaks).</summary>
    NotFound,

    /// <summary>The agent may not do this (a post they do not serve).</summary>
    Forbidden,

    /// <summary>Someone changed the conversation since the agent's If-Match: reload and retry.</summary>
    Conflict,

    /// <summary>The platform's rules forbid it now (reply window).</summary>
    Unprocessable,

    /// <summary>The conversation is closed: reopen it first.</summary>
    Closed,

    /// <summary>Nothing changed since the agent's If-None-Match (polling).</summary>
    NotModified,

    /// <summary>Storage could not take it: try again.</summary>
    Unavailable,

    BadRequest,
}

internal sealed record TriageResult<T>(TriageStatus Status, T? Value, string? Problem = null)
{
#pragma warning disable CA1000 // Factory methods on the result type read best at the call site: TriageResult<T>.Ok(value).
    public static TriageResult<T> Ok(T value) => new(TriageStatus.Ok, value);

    public static TriageResult<T> Fail(TriageStatus status, string problem) => new(status, default, problem);
#pragma warning restore CA1000
}

internal sealed record PostView(string Id, string NameNl, string NameFr, string NameEn, string City, string Country, string TimeZone);

/// <param name="TransferTargets">Every post that gives consular help (and the central desk): where a conversation can be transferred.</param>
internal sealed record MeView(string Id, string Name, AgentRole Role, string Language, IReadOnlyList<PostView> Posts, IReadOnlyList<PostView> TransferTargets)
{
    /// <summary>What the API accepts, for the page's counters.</summary>
    public LimitsView Limits { get; init; } = InputLimits.View;
}

internal sealed record ConversationSummary(
    string Id,
    string PostId,
    string Channel,
    string? ContactName,
    string? Language,
    string State,
    string? AssignedTo,
    string? AssignedToName,
    DateTimeOffset LastActivityAt,
    DateTimeOffset? LastInboundAt,
    int UnreadCount,
    string? Preview,
    string WaitingFor,
    bool Urgent,
    IReadOnlyList<string> Tags,
    string? RoutingStep,
    string? RoutingReason)
{
    /// <summary>For If-Match on the next change (single conversation answers only).</summary>
    public string? Etag { get; init; }

    /// <summary>The routing reason in nl, fr, de and en.</summary>
    public IReadOnlyDictionary<string, string>? RoutingReasons { get; init; }

    public IReadOnlyList<RoutingHistoryView>? RoutingHistory { get; init; }

    /// <summary>When the first answer is due under the response targets (null: nobody waits for one).</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>near or breached when the sweep flagged it (null: within its target, or nobody waits).</summary>
    public string? Target { get; init; }

    /// <summary>none, elevated, urgent or critical: lists show the most pressing first.</summary>
    public string Level { get; init; } = "none";

    /// <summary>Who set the level: auto (distress detection, a crisis) or agent; null when never set (thread answers only).</summary>
    public string? LevelSetBy { get; init; }

    /// <summary>Under legal hold: retention leaves it (lists and the thread).</summary>
    public bool LegalHold { get; init; }

    /// <summary>Who set the hold, when and why (thread answers only, while held).</summary>
    public LegalHoldView? LegalHoldInfo { get; init; }
}

internal sealed record LegalHoldView(string? By, DateTimeOffset? At, string? Reason);

internal sealed record RoutingHistoryView(DateTimeOffset At, string PostId, string Step, string Reason, IReadOnlyDictionary<string, string>? Reasons, string By, string? Place);

internal sealed record ConversationPage(IReadOnlyList<ConversationSummary> Items, string? Continuation, string Etag);

/// <summary>What a search found: at most 20, newest activity first.</summary>
internal sealed record SearchResults(IReadOnlyList<ConversationSummary> Items);

/// <param name="Template">The approved template for the citizen's language, when only a template may go out.</param>
internal sealed record ReplyWindowView(ReplyMode Mode, DateTimeOffset? Until, IReadOnlyDictionary<string, string> Explanation, IReadOnlyDictionary<string, string> Templates, string? Template = null);

internal sealed record ContactView(string? Name, string Channel, string? Language, string? LanguageSource, DateTimeOffset? LastInboundAt, ReplyWindowView ReplyWindow);

internal sealed record LocationView(double Latitude, double Longitude, string? Name, string? Address);

internal sealed record MessageView(
    string Id,
    string Direction,
    string Kind,
    string? Text,
    string? Author,
    DateTimeOffset SentAt,
    string? Status,
    IReadOnlyList<ChannelError> Errors,
    IReadOnlyList<ChannelAttachment> Attachments,
    LocationView? Location,
    IReadOnlyList<QuickReply> QuickReplies)
{
    /// <summary>The broadcast this message belongs to (the page shows a badge), or null.</summary>
    public string? Broadcast { get; init; }

    /// <summary>Written by the system itself (intake question, acknowledgement, greeting, emergency reply), not by an agent.</summary>
    public bool Automatic { get; init; }

    /// <summary>A citizen's text in which distress detection found something: its level and categories (null otherwise).</summary>
    public DistressView? Distress { get; init; }

    /// <summary>The citizen's reaction to this message (an emoji), or, on a <c>reaction</c> notice, the emoji of a reaction to a message not in this thread.</summary>
    public string? Reaction { get; init; }

    /// <summary>The message this one answers (a citizen's reply, an agent's reply to a message), or null.</summary>
    public QuoteView? ReplyTo { get; init; }

    /// <summary>When the citizen last edited this message (its text is the latest), or null.</summary>
    public DateTimeOffset? EditedAt { get; init; }

    /// <summary>An edited message's text as first received (kept for the audit), or null.</summary>
    public string? OriginalText { get; init; }

    /// <summary>An unsupported message: the platform's own word for its type (<c>poll_update</c>, <c>gif</c>…), when it named one.</summary>
    public string? UnsupportedType { get; init; }

    /// <summary>A citizen's files: the download state of each, and where an agent reads an available one.</summary>
    public IReadOnlyList<MediaView>? Media { get; init; }
}

/// <summary>
/// The message another one answers: found in this thread (its id, direction, kind and a short excerpt of at most
/// <see cref="MessageRelations.MaxExcerpt"/> characters), or not (<see cref="Found"/> false: sent before this conversation).
/// </summary>
internal sealed record QuoteView(bool Found, string? MessageId = null, string? Direction = null, string? Kind = null, string? Excerpt = null);

/// <summary>
/// One file of a citizen's message: loading, available (type, size; <see cref="Url"/> the triage API address) or failed
/// (<see cref="Reason"/>: typeNotAllowed, tooLarge, checksumMismatch, sizeMismatch, expired, unsafeAddress, unavailable).
/// </summary>
/// <param name="Index">The attachment's index in the message's attachments.</param>
/// <param name="Name">For a document: the name it downloads under.</param>
internal sealed record MediaView(int Index, string Kind, string State, string? ContentType, long? Size, string? Reason, string? Name, string? Url);

/// <summary>What distress detection found in a message: the level it gave and the categories (each once, as found), for the badge.</summary>
internal sealed record DistressView(string Level, IReadOnlyList<string> Categories);

internal sealed record ThreadView(ConversationSummary Conversation, ContactView Contact, IReadOnlyList<MessageView> Messages)
{
    /// <summary>Changes with the header and with any message (a new status too): the HTTP ETag for polling.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string ThreadEtag { get; init; } = string.Empty;
}

/// <param name="ReplyTo">The id of a message of the thread this reply answers (the citizen sees it quoted), or null.</param>
internal sealed record ReplyRequest(string ReplyId, string? Text, string? Template = null, string? AttachmentId = null, string? ReplyTo = null);

internal sealed record ReplyAccepted(string MessageId, ConversationSummary Conversation);

internal sealed record NoteRequest(string Text);

internal sealed record AssignRequest(string? AgentId = null);

internal sealed record TransferRequest(string PostId, string Reason);

internal sealed record TagsRequest(IReadOnlyList<string> Tags);

/// <summary>A search, sent as a JSON body so that a citizen's name never stands in a URL (request logs and telemetry keep URLs).</summary>
internal sealed record SearchRequest(string? Q, string? Scope);

internal sealed record LanguageRequest(string Language);

/// <summary>An agent's level for a conversation: none, elevated, urgent or critical.</summary>
internal sealed record LevelRequest(string? Level);

/// <summary><c>PUT …/legal-hold</c>: hold or release, and why (at most 200 characters; required to hold).</summary>
internal sealed record LegalHoldRequest(bool Hold, string? Reason);

internal sealed record CannedResponse(string Id, string Title, string Text);

internal sealed record ReplyRefused(string Reason, ReplyWindowView ReplyWindow);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(MeView))]
[JsonSerializable(typeof(ConversationPage))]
[JsonSerializable(typeof(SearchResults))]
[JsonSerializable(typeof(ConversationSummary))]
[JsonSerializable(typeof(ThreadView))]
[JsonSerializable(typeof(ReplyRequest))]
[JsonSerializable(typeof(ReplyAccepted))]
[JsonSerializable(typeof(ReplyRefused))]
[JsonSerializable(typeof(AttachmentRef))]
[JsonSerializable(typeof(NoteRequest))]
[JsonSerializable(typeof(AssignRequest))]
[JsonSerializable(typeof(TransferRequest))]
[JsonSerializable(typeof(TagsRequest))]
[JsonSerializable(typeof(SearchRequest))]
[JsonSerializable(typeof(LanguageRequest))]
[JsonSerializable(typeof(LevelRequest))]
[JsonSerializable(typeof(LegalHoldRequest))]
[JsonSerializable(typeof(IReadOnlyList<CannedResponse>))]
[JsonSerializable(typeof(Dictionary<string, List<CannedResponse>>))]
internal sealed partial class TriageJsonContext : JsonSerializerContext;
