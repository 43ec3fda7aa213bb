using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace ConsularHelpdesk.Channels;

/// <summary>
/// Lenient lookups over Meta webhook JSON. Meta adds, drops and retypes fields without notice, so a missing
/// or mistyped field reads as absent instead of throwing: a parser must never lose a whole body to one odd field.
/// </summary>
internal static class MetaJson
{
    /// <exception cref="MalformedPayloadException">The body is not JSON, or not an object.</exception>
    public static JsonDocument Parse(ReadOnlySpan<byte> body)
    {
        // JsonDocument checks UTF-8 only when a string is read, which would fail one item after the body was accepted.
        if (!Utf8.IsValid(body))
        {
            throw new MalformedPayloadException("The webhook body is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException e)
        {
            // The inner JsonException quotes bytes of the body, which may be personal data: keep only the position.
            throw new MalformedPayloadException(
                $"The webhook body is not valid JSON (line {e.LineNumber}, byte {e.BytePositionInLine}).");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = document.RootElement.ValueKind;
            document.Dispose();
            throw new MalformedPayloadException($"The webhook body is a JSON {kind}, not an object.");
        }

        return document;
    }

    /// <summary>The property, or an undefined element when absent or when <paramref name="element"/> is no object, so lookups chain.</summary>
    public static JsonElement Prop(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    /// <summary>A string property; numbers are read as their text because Meta sends some ids either way.</summary>
    public static string? Str(this JsonElement element, string name)
    {
        var value = element.Prop(name);
        return value.ValueKind switch
        {
            JsonValueKind.String => value.AsString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>The string value; a lone surrogate escape (half of a cut emoji) stays escaped, as .NET cannot read it.</summary>
    public static string AsString(this JsonElement value)
    {
        try
        {
            return value.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return value.GetRawText()[1..^1];
        }
    }

    public static bool IsTrue(this JsonElement element, string name) => element.Prop(name).ValueKind == JsonValueKind.True;

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) => element.Prop(name).EnumerateArrayOrEmpty();

    public static IEnumerable<JsonElement> EnumerateArrayOrEmpty(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : [];

    public static bool IsArray(this JsonElement element, string name) => element.Prop(name).ValueKind == JsonValueKind.Array;

    /// <summary>A number, or a string holding one (WhatsApp sends timestamps as strings).</summary>
    public static double? Number(this JsonElement element, string name) =>
        double.TryParse(element.Str(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    public static int? Int(this JsonElement element, string name) =>
        int.TryParse(element.Str(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    public static DateTimeOffset? UnixSeconds(this JsonElement element, string name) =>
        long.TryParse(element.Str(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            && seconds is >= 0 and <= 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    public static DateTimeOffset? UnixMilliseconds(this JsonElement element, string name) =>
        long.TryParse(element.Str(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds is >= 0 and <= 253_402_300_799_999
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;

    /// <summary>"key=value; key=value" of the given keys present in <paramref name="element"/>, or null when none is.</summary>
    public static string? Compact(this JsonElement element, params ReadOnlySpan<string> keys)
    {
        List<string>? parts = null;
        foreach (var key in keys)
        {
            if (element.Str(key) is { Length: > 0 } value)
            {
                (parts ??= []).Add($"{key}={value}");
            }
        }

        return parts is null ? null : string.Join("; ", parts);
    }
}
