using ConsularHelpdesk.Channels;
using Microsoft.Extensions.Configuration;

namespace ConsularHelpdesk.Ingest;

/// <summary>
/// Meta's secrets per channel: <c>WhatsApp:AppSecret</c> / <c>Messenger:AppSecret</c> (and VerifyToken)
/// override <c>Meta:AppSecret</c> / <c>Meta:VerifyToken</c>. Read once at start; a missing one stops the app
/// with a message that names the setting, before any webhook can be accepted unsigned.
/// </summary>
internal sealed class MetaSecrets
{
    private readonly Dictionary<ChannelKind, ChannelSecrets> _byChannel;

    private MetaSecrets(Dictionary<ChannelKind, ChannelSecrets> byChannel) => _byChannel = byChannel;

    public ChannelSecrets For(ChannelKind channel) => _byChannel[channel];

    public static MetaSecrets FromConfiguration(IConfiguration configuration)
    {
        var missing = new List<string>();
        var byChannel = new Dictionary<ChannelKind, ChannelSecrets>();
        foreach (var channel in Enum.GetValues<ChannelKind>())
        {
            var secret = Read(configuration, channel, "AppSecret", missing);
            var token = Read(configuration, channel, "VerifyToken", missing);
            byChannel[channel] = new ChannelSecrets(secret ?? string.Empty, token ?? string.Empty);
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                "Missing configuration: " + string.Join("; ", missing) +
                ". Set them in local.settings.json, user secrets or environment variables (use __ for : there), never in committed files.");
        }

        return new MetaSecrets(byChannel);
    }

    private static string? Read(IConfiguration configuration, ChannelKind channel, string name, List<string> missing)
    {
        var value = configuration[$"{channel}:{name}"];
        if (string.IsNullOrWhiteSpace(value))
        {
            value = configuration[$"Meta:{name}"];
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            missing.Add($"'{channel}:{name}' (or 'Meta:{name}' for both channels)");
            return null;
        }

        return value;
    }
}
