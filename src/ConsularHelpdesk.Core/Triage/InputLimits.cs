using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// Every limit on what an agent sends, in one place: checked by <see cref="TriageService"/> before anything is
/// stored (Table Storage takes at most 64 KiB a property, the platforms at most their message length) and reported
/// to the page through <c>/api/triage/me</c>, so that the page counts down instead of hard-coding numbers.
/// </summary>
internal static class InputLimits
{
    /// <summary>WhatsApp's maximum for a text message.</summary>
    public const int WhatsAppReply = 4096;

    /// <summary>WhatsApp's maximum for the caption of an image or document (a reply with a file).</summary>
    public const int WhatsAppCaption = 1024;

    /// <summary>Messenger's maximum for a text message.</summary>
    public const int MessengerReply = 2000;

    public const int Note = 8000;

    public const int Tag = 40;

    public const int Tags = 20;

    public const int TransferReason = 500;

    /// <summary>A UUID is 36; the id becomes part of a storage key.</summary>
    public const int ReplyId = 64;

    /// <summary>Ids the page got from the API (agent, post, attachment, template names).</summary>
    public const int Id = 256;

    /// <summary>A JSON body of the triage API; uploads have their own limit.</summary>
    public const int JsonBodyBytes = 64 * 1024;

    /// <summary>Messenger sends the text of a reply with a file as a message of its own: the same limit.</summary>
    public static int Reply(ChannelKind channel, bool withFile = false) =>
        channel == ChannelKind.Messenger ? MessengerReply : withFile ? WhatsAppCaption : WhatsAppReply;

    public static LimitsView View { get; } = new(
        new Dictionary<string, int> { [nameof(ChannelKind.WhatsApp)] = WhatsAppReply, [nameof(ChannelKind.Messenger)] = MessengerReply },
        WhatsAppCaption,
        Note,
        Tag,
        Tags,
        TransferReason,
        JsonBodyBytes);

    /// <summary>The first refusal of a reply, or null. The reply text's limit depends on the conversation's channel.</summary>
    public static string? Check(ReplyRequest request, ChannelKind channel) =>
        TooLong("replyId", request.ReplyId, ReplyId)
        ?? TooLong("text", request.Text, Reply(channel, request.AttachmentId is not null), request.AttachmentId is null ? $" on {channel}" : $" with a file on {channel}")
        ?? TooLong("template", request.Template, Id)
        ?? TooLong("attachmentId", request.AttachmentId, Id)
        ?? TooLong("replyTo", request.ReplyTo, Id);

    public static string? Check(NoteRequest request) => TooLong("text", request.Text, Note);

    public static string? Check(TransferRequest request) => TooLong("postId", request.PostId, Id) ?? TooLong("reason", request.Reason, TransferReason);

    public static string? Check(AssignRequest request) => TooLong("agentId", request.AgentId, Id);

    public static string? Check(TagsRequest request) =>
        request.Tags is null ? null
        : request.Tags.Count > Tags ? $"'tags' has {request.Tags.Count} entries; at most {Tags} are allowed."
        : request.Tags.Select(t => TooLong("tag", t, Tag)).FirstOrDefault(r => r is not null);

    private static string? TooLong(string field, string? value, int max, string where = "") =>
        value is not null && value.Length > max ? $"'{field}' is {value.Length} characters long; at most {max} are allowed{where}." : null;
}

/// <param name="Reply">The longest reply text per channel (WhatsApp, Messenger).</param>
/// <param name="Caption">The longest text with a file on WhatsApp.</param>
internal sealed record LimitsView(IReadOnlyDictionary<string, int> Reply, int Caption, int Note, int Tag, int Tags, int TransferReason, int BodyBytes);
