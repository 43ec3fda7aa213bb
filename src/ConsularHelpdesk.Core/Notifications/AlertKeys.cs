namespace ConsularHelpdesk.Notifications;

/// <summary>Row keys of an agent's partition of the <c>Notifications</c> table.</summary>
internal static class AlertKeys
{
    /// <summary>
    /// Sorts just before the alerts (<c>n-</c>), so that one range query from it returns the read mark and then the
    /// newest alerts: the page's poll is one query.
    /// </summary>
    public const string ReadMarkRowKey = "m-read";

    private const string AlertPrefix = "n-";
    private const string IdPrefix = "id-";

    /// <summary>Inverted ticks first (key order = newest first), then the id (unique).</summary>
    public static string Alert(DateTimeOffset at, string id) => $"{AlertPrefix}{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}-{id}";

    public static string Dedupe(string id) => IdPrefix + id;

    /// <summary>Just past every alert key.</summary>
    public const string AlertsEnd = "n.";

    public static bool IsAlert(string rowKey) => rowKey.StartsWith(AlertPrefix, StringComparison.Ordinal);

    /// <summary>An alert's id as the API gives it is its row key; anything else is not one.</summary>
    public static bool IsAlertKey(string? value) =>
        value is { Length: > 2 and <= 64 } && IsAlert(value) && value.Skip(2).All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>The notification id an alert's row key ends with (<see cref="Alert"/>), or null for another row.</summary>
    public static string? IdOf(string rowKey) =>
        IsAlert(rowKey) && rowKey.Length > AlertPrefix.Length + 20 && rowKey[AlertPrefix.Length + 19] == '-' ? rowKey[(AlertPrefix.Length + 20)..] : null;
}
