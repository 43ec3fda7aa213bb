using System.Globalization;
using System.Text.Json.Nodes;

namespace ConsularHelpdesk.Server.Simulation;

/// <summary>
/// Webhook bodies exactly as Meta sends them (WhatsApp Cloud API, Messenger Platform), for a person to try the
/// help desk without a Meta account, and for the integration tests.
/// </summary>
internal static class CitizenPayloads
{
    public const string DemoPhoneNumberId = "100000000000001";
    public const string DemoPageId = "200000000000001";

    public static string WhatsApp(string from, string name, DateTimeOffset at, JsonObject message)
    {
        message["from"] = from;
        message["timestamp"] = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        message["id"] ??= "wamid.SIM" + Guid.NewGuid().ToString("N").ToUpperInvariant();
        var body = new JsonObject
        {
            ["object"] = "whatsapp_business_account",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = "300000000000001",
                ["changes"] = new JsonArray(new JsonObject
                {
                    ["field"] = "messages",
                    ["value"] = new JsonObject
                    {
                        ["messaging_product"] = "whatsapp",
                        ["metadata"] = new JsonObject { ["display_phone_number"] = "3225010000", ["phone_number_id"] = DemoPhoneNumberId },
                        ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = name }, ["wa_id"] = from }),
                        ["messages"] = new JsonArray(message),
                    },
                }),
            }),
        };
        return body.ToJsonString();
    }

    public static JsonObject WhatsAppText(string text) => new() { ["type"] = "text", ["text"] = new JsonObject { ["body"] = text } };

    public static JsonObject WhatsAppLocation(double latitude, double longitude, string? name = null) => new()
    {
        ["type"] = "location",
        ["location"] = new JsonObject { ["latitude"] = latitude, ["longitude"] = longitude, ["name"] = name },
    };

    /// <summary>The demo's photo (<see cref="DemoMedia"/>, served by the fake Graph API), with WhatsApp's base64 SHA-256 of it.</summary>
    public static JsonObject WhatsAppImage(string caption) => new()
    {
        ["type"] = "image",
        ["image"] = new JsonObject
        {
            ["caption"] = caption,
            ["mime_type"] = "image/jpeg",
            ["sha256"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(DemoMedia.Photo)),
            ["id"] = DemoMedia.PhotoId,
        },
    };

    /// <summary>A WhatsApp media message (image, audio, video, document, sticker) of a media id the Graph API serves.</summary>
    public static JsonObject WhatsAppMedia(string kind, string mediaId, string mimeType, string? caption = null, string? fileName = null, bool voice = false)
    {
        var media = new JsonObject { ["mime_type"] = mimeType, ["id"] = mediaId };
        if (caption is not null)
        {
            media["caption"] = caption;
        }

        if (fileName is not null)
        {
            media["filename"] = fileName;
        }

        if (voice)
        {
            media["voice"] = true;
        }

        return new JsonObject { ["type"] = kind, [kind] = media };
    }

    public static JsonObject WhatsAppButtonReply(string id, string title, string? repliesTo = null) => new()
    {
        ["type"] = "interactive",
        ["context"] = repliesTo is null ? null : new JsonObject { ["from"] = "3225010000", ["id"] = repliesTo },
        ["interactive"] = new JsonObject { ["type"] = "button_reply", ["button_reply"] = new JsonObject { ["id"] = id, ["title"] = title } },
    };

    /// <summary>A text with its own id (so that a reaction, an edit or a reply can name it), answering <paramref name="repliesTo"/> when given.</summary>
    public static JsonObject WhatsAppText(string text, string id, string? repliesTo = null) => new()
    {
        ["id"] = id,
        ["type"] = "text",
        ["context"] = repliesTo is null ? null : new JsonObject { ["from"] = "3225010000", ["id"] = repliesTo },
        ["text"] = new JsonObject { ["body"] = text },
    };

    /// <summary>The citizen reacts to a message with an emoji; an empty emoji removes the reaction.</summary>
    public static JsonObject WhatsAppReaction(string messageId, string emoji) => new()
    {
        ["type"] = "reaction",
        ["reaction"] = new JsonObject { ["message_id"] = messageId, ["emoji"] = emoji },
    };

    /// <summary>The citizen edits a text they sent (WhatsApp <c>type: edit</c>).</summary>
    public static JsonObject WhatsAppEdit(string originalId, string text) => new()
    {
        ["type"] = "edit",
        ["edit"] = new JsonObject
        {
            ["original_message_id"] = originalId,
            ["message"] = new JsonObject { ["type"] = "text", ["text"] = new JsonObject { ["body"] = text } },
        },
    };

    public static string Messenger(string psid, DateTimeOffset at, JsonObject messagingItem)
    {
        messagingItem["sender"] = new JsonObject { ["id"] = psid };
        messagingItem["recipient"] = new JsonObject { ["id"] = DemoPageId };
        messagingItem["timestamp"] = at.ToUnixTimeMilliseconds();
        var body = new JsonObject
        {
            ["object"] = "page",
            ["entry"] = new JsonArray(new JsonObject
            {
                ["id"] = DemoPageId,
                ["time"] = at.ToUnixTimeMilliseconds(),
                ["messaging"] = new JsonArray(messagingItem),
            }),
        };
        return body.ToJsonString();
    }

    public static JsonObject MessengerText(string text) => new()
    {
        ["message"] = new JsonObject { ["mid"] = NewMid(), ["text"] = text },
    };

    public static JsonObject MessengerLocation(double latitude, double longitude) => new()
    {
        ["message"] = new JsonObject
        {
            ["mid"] = NewMid(),
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["type"] = "location",
                ["payload"] = new JsonObject { ["coordinates"] = new JsonObject { ["lat"] = latitude, ["long"] = longitude } },
            }),
        },
    };

    /// <summary>The demo's photo at the fake Graph API's CDN address (<paramref name="graph"/>: its base).</summary>
    public static JsonObject MessengerImage(Uri graph) => MessengerAttachment("image", new Uri(graph, "/cdn/" + DemoMedia.PhotoCdnName));

    /// <summary>A Messenger message with one attachment (image, audio, video, file) at a CDN address.</summary>
    public static JsonObject MessengerAttachment(string kind, Uri url) => new()
    {
        ["message"] = new JsonObject
        {
            ["mid"] = NewMid(),
            ["attachments"] = new JsonArray(new JsonObject { ["type"] = kind, ["payload"] = new JsonObject { ["url"] = url.ToString() } }),
        },
    };

    public static JsonObject MessengerQuickReply(string text, string payload, string? repliesTo = null) => new()
    {
        ["message"] = new JsonObject
        {
            ["mid"] = NewMid(),
            ["text"] = text,
            ["quick_reply"] = new JsonObject { ["payload"] = payload },
            ["reply_to"] = repliesTo is null ? null : new JsonObject { ["mid"] = repliesTo },
        },
    };

    /// <summary>A text with its own mid, answering <paramref name="repliesTo"/> when given.</summary>
    public static JsonObject MessengerText(string text, string mid, string? repliesTo = null) => new()
    {
        ["message"] = new JsonObject
        {
            ["mid"] = mid,
            ["text"] = text,
            ["reply_to"] = repliesTo is null ? null : new JsonObject { ["mid"] = repliesTo },
        },
    };

    /// <summary>The citizen reacts to a message (<c>action: react</c>), or removes their reaction when <paramref name="emoji"/> is null (<c>unreact</c>).</summary>
    public static JsonObject MessengerReaction(string mid, string? emoji) => new()
    {
        ["reaction"] = emoji is null
            ? new JsonObject { ["reaction"] = "other", ["action"] = "unreact", ["mid"] = mid }
            : new JsonObject { ["reaction"] = "other", ["emoji"] = emoji, ["action"] = "react", ["mid"] = mid },
    };

    /// <summary>The citizen edits a message they sent (Messenger <c>message_edit</c>).</summary>
    public static JsonObject MessengerEdit(string mid, string text, int edits = 1) => new()
    {
        ["message_edit"] = new JsonObject { ["mid"] = mid, ["text"] = text, ["num_edit"] = edits },
    };

    private static string NewMid() => "m_SIM" + Guid.NewGuid().ToString("N");
}
