namespace ConsularHelpdesk.Storage;

/// <summary>Names of tables, queues and containers, with the configured prefix.</summary>
internal sealed class StorageNames(string? prefix)
{
    private readonly string _prefix = prefix ?? string.Empty;

    public string InboundQueue => _prefix + "inbound";

    public string OutboundQueue => _prefix + "outbound";

    /// <summary>The conversations of a crisis's area left to tag after the opening request (Triage/CrisisTagging).</summary>
    public string CrisisTaggingQueue => _prefix + "crisis-tagging";

    /// <summary>Broadcast jobs: each message is one step of one broadcast's runner (a page of recipients).</summary>
    public string BroadcastQueue => _prefix + "broadcasts";

    /// <summary>Downloads of citizens' files: one message per citizen message with files (Media/MediaDownloader).</summary>
    public string MediaQueue => _prefix + "media";

    public static string PoisonQueue(string queue) => queue + "-poison";

    public string PayloadContainer => _prefix + "inbound-payloads";

    public string Attachments => _prefix + "attachments";

    /// <summary>Citizens' files, downloaded from Meta: private, read by agents through the triage API only.</summary>
    public string MediaContainer => _prefix + "media";

    /// <summary>The self-host's ASP.NET Core Data Protection key ring (sign-in cookies), each key encrypted under the privacy key ring.</summary>
    public string DataProtectionContainer => _prefix + "dataprotection";

    public string Conversations => Table("Conversations");

    public string Contacts => Table("Contacts");

    public string Inbox => Table("Inbox");

    public string MessageIndex => Table("MessageIndex");

    public string Posts => Table("Posts");

    public string Incidents => Table("Incidents");

    public string Audit => Table("Audit");

    /// <summary>Template status and quality updates of our WhatsApp account, for administrators.</summary>
    public string AccountEvents => Table("AccountEvents");

    public string Agents => Table("Agents");

    /// <summary>The conversation search index: keyed by the HMAC of a name word or tag, never the word itself.</summary>
    public string SearchIndex => Table("SearchIndex");

    public string PendingSends => Table("PendingSends");

    /// <summary>The self-host's sign-in sessions (cookie tickets), so that signing out ends them on every instance.</summary>
    public string Sessions => Table("Sessions");

    /// <summary>Closure days an administrator stored or imported per post, with a marker per post (Coverage).</summary>
    public string Closures => Table("Closures");

    /// <summary>The duty roster: shifts partitioned by the ISO week they start in, and a change marker.</summary>
    public string Roster => Table("Roster");

    /// <summary>Response targets: the conversations waiting for a person's first answer, keyed by when the sweep looks at them next.</summary>
    public string Deadlines => Table("Deadlines");

    /// <summary>Purges of conversations begun and not finished (Privacy/ConversationPurge): the retention sweep finishes them.</summary>
    public string Purges => Table("Purges");

    /// <summary>Notifications per agent (page alerts, and the record that each was sent once).</summary>
    public string Notifications => Table("Notifications");

    /// <summary>When each agent was last seen in the triage page (for reassignment of what they hold).</summary>
    public string Presence => Table("Presence");

    /// <summary>Who wrote from which area on which day (Crises): the citizens of a crisis area, without a scan.</summary>
    public string AreaActivity => Table("AreaActivity");

    /// <summary>Crises: each crisis, its tagged conversations and the record of its automatic replies (Crises).</summary>
    public string Crises => Table("Crises");

    /// <summary>Broadcasts to the citizens of a crisis area: per broadcast its header, counters and recipients; per crisis its broadcasts.</summary>
    public string Broadcasts => Table("Broadcasts");

    /// <summary>Erasures of citizens (Privacy): each request, its confirmation and how far its run got; no personal data.</summary>
    public string Erasures => Table("Erasures");

    // Table names allow only letters and digits.
    private string Table(string name) => _prefix + name;
}
