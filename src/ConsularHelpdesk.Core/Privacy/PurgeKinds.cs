namespace ConsularHelpdesk.Privacy;

/// <summary>The kinds a purge counts (the audit's <c>Details</c> name them).</summary>
internal static class PurgeKinds
{
    public const string Conversations = "conversations";
    public const string Messages = "messages";
    public const string Inbox = "inboxRows";
    public const string SearchIndex = "searchRows";
    public const string MessageIndex = "messageIndexRows";
    public const string Deadlines = "deadlineRows";
    public const string Crises = "crisisRows";
    public const string AreaActivity = "areaRows";
    public const string ContactIndex = "contactIndexRows";
    public const string Media = "mediaBlobs";
    public const string Attachments = "attachmentBlobs";
    public const string Payloads = "payloadBlobs";
    public const string Contacts = "contacts";
    public const string Alerts = "alerts";
}
