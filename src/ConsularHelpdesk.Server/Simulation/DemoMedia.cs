namespace ConsularHelpdesk.Server.Simulation;

/// <summary>
/// The media the fake Graph API serves from the start (Samples/README.md): the simulator's photo, a voice note and a
/// sticker, under fixed WhatsApp media ids and Messenger CDN names, so that the demo's citizen sends real files.
/// </summary>
internal static class DemoMedia
{
    public const string PhotoId = "900000000000001";
    public const string VoiceNoteId = "900000000000002";
    public const string StickerId = "900000000000003";

    /// <summary>The photo's name on the fake's CDN, for Messenger (<c>/cdn/{name}</c>).</summary>
    public const string PhotoCdnName = "demo-photo.jpg";

    public static byte[] Photo => Read("photo.jpg");

    public static byte[] VoiceNote => Read("voice-note.ogg");

    public static byte[] Sticker => Read("sticker.webp");

    /// <summary>Each sample: its id, bytes and type.</summary>
    public static IEnumerable<(string Id, byte[] Bytes, string MimeType)> All =>
    [
        (PhotoId, Photo, "image/jpeg"),
        (PhotoCdnName, Photo, "image/jpeg"),
        (VoiceNoteId, VoiceNote, "audio/ogg; codecs=opus"),
        (StickerId, Sticker, "image/webp"),
    ];

    private static byte[] Read(string name)
    {
        using var stream = typeof(DemoMedia).Assembly.GetManifestResourceStream("Samples." + name)
            ?? throw new InvalidOperationException($"The demo media {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
