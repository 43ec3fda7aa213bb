using System.Text;
using BenchmarkDotNet.Attributes;
using ConsularHelpdesk.Channels.Messenger;
using ConsularHelpdesk.Channels.WhatsApp;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Server.Simulation;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>The CPU work of one webhook: signature check on the request path, parsing on the queue path.</summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private readonly WhatsAppParser _whatsApp = new();
    private readonly MessengerParser _messenger = new();
    private byte[] _whatsAppText = [];
    private byte[] _messengerText = [];
    private byte[] _large = [];
    private string _largeSignature = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var now = DateTimeOffset.UtcNow;
        _whatsAppText = Encoding.UTF8.GetBytes(CitizenPayloads.WhatsApp("32470000001", "Demo", now, CitizenPayloads.WhatsAppText("My passport was stolen in Lisbon, what should I do?")));
        _messengerText = Encoding.UTF8.GetBytes(CitizenPayloads.Messenger("7000000000000001", now, CitizenPayloads.MessengerText("Mon passeport a été volé à Dakar.")));
        _large = new byte[3_000_000];
        Random.Shared.NextBytes(_large);
        _largeSignature = WebhookSignature.Sign(_large, "secret");
    }

    [Benchmark]
    public int ParseWhatsAppText() => _whatsApp.Parse(_whatsAppText).Count;

    [Benchmark]
    public int ParseMessengerText() => _messenger.Parse(_messengerText).Count;

    [Benchmark]
    public bool VerifySignatureOf3MB() => WebhookSignature.IsValid(_large, _largeSignature, "secret");
}
