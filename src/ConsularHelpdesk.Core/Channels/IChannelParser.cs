namespace ConsularHelpdesk.Channels;

/// <summary>Turns one webhook body of a platform into normalized activities.</summary>
internal interface IChannelParser
{
    ChannelKind Channel { get; }

    /// <summary>Parses a whole webhook body. Never drops an item: what it does not know becomes unsupported.</summary>
    /// <exception cref="MalformedPayloadException">The body is not JSON, or not an object.</exception>
    IReadOnlyList<ChannelActivity> Parse(ReadOnlySpan<byte> body);
}

/// <summary>The body is not JSON we can read at all. Kept for inspection (poison queue), never dropped.</summary>
internal sealed class MalformedPayloadException : Exception
{
    public MalformedPayloadException()
    {
    }

    public MalformedPayloadException(string message)
        : base(message)
    {
    }

    public MalformedPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
