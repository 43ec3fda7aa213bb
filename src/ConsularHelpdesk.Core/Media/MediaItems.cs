using System.Text.Json;

namespace ConsularHelpdesk.Media;

/// <summary>The <see cref="MediaItem"/>s of a message row's <c>Media</c> property.</summary>
internal static class MediaItems
{
    /// <summary>The most attachments of one message downloaded (Messenger allows ten per message).</summary>
    public const int Max = 10;

    /// <summary>The state items of a row's <c>Media</c> property, by attachment index.</summary>
    public static Dictionary<int, MediaItem> Of(string? media) =>
        (media is null ? [] : JsonSerializer.Deserialize(media, MediaJsonContext.Default.IReadOnlyListMediaItem) ?? [])
            .GroupBy(i => i.Index).ToDictionary(g => g.Key, g => g.Last());
}
