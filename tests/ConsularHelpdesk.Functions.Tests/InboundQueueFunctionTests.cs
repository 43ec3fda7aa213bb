using System.Text.Json;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Functions.Ingest;
using ConsularHelpdesk.Ingest;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Tests;

/// <summary>
/// The queue function called directly. A message it cannot process must throw, so that the host retries it and
/// finally moves it to inbound-poison; neither case below reaches storage.
/// </summary>
public sealed class InboundQueueFunctionTests : IDisposable
{
    private readonly ServiceProvider _services = TestServices.Create();

    public void Dispose() => _services.Dispose();

    private InboundQueueFunction Function => new(_services.GetRequiredService<InboundProcessor>());

    [Fact]
    public async Task AMessageThatIsNoInboundEnvelopeThrowsSoThatTheHostRetriesAndPoisonsIt()
    {
        var run = () => Function.RunAsync("not an envelope", CancellationToken.None);

        await run.Should().ThrowAsync<MalformedPayloadException>();
    }

    [Fact]
    public async Task AnEnvelopeWhoseWebhookBodyIsNotJsonThrowsSoThatTheHostRetriesAndPoisonsIt()
    {
        var envelope = new InboundEnvelope(ChannelKind.WhatsApp, DateTimeOffset.UtcNow, Convert.ToBase64String("<html>"u8), null);
        var message = JsonSerializer.Serialize(envelope, IngestJsonContext.Default.InboundEnvelope);

        var run = () => Function.RunAsync(message, CancellationToken.None);

        await run.Should().ThrowAsync<MalformedPayloadException>();
    }
}
