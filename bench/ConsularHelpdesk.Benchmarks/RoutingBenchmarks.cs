using BenchmarkDotNet.Attributes;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Routing.Geo;
using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>A full routing decision per message (every step is tried; target well under 100 µs).</summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private ConversationRouter _router = null!;
    private RoutingInput _text = null!;
    private RoutingInput _location = null!;
    private RoutingInput _nothing = null!;
    private RoutingInput _long = null!;

    [GlobalSetup]
    public void Setup()
    {
        _router = new ConversationRouter(PostCatalog.LoadEmbedded(), GeoLocator.LoadEmbedded(), PlaceRecognizer.LoadEmbedded());
        _text = new RoutingInput(ChannelKind.WhatsApp, "100000000000001", "Bonjour, je suis à Porto Alegre et on m'a volé mon passeport", PhoneNumber: "32470000001");
        _location = new RoutingInput(ChannelKind.Messenger, "200000000000001", Location: new GeoPoint(-11.6609, 27.4794));
        _nothing = new RoutingInput(ChannelKind.WhatsApp, "100000000000001", "Hallo, ik heb een vraag over mijn paspoort", PhoneNumber: "32470000001");
        _long = new RoutingInput(ChannelKind.WhatsApp, "100000000000001", string.Join(' ', Enumerable.Repeat("Mijn dochter zit vast in het ziekenhuis en we weten niet wat te doen, kan iemand ons helpen?", 6)) + " We zijn in Lissabon.");
    }

    [Benchmark]
    public string TextWithACity() => _router.Route(_text).PostId;

    [Benchmark]
    public string SharedLocation() => _router.Route(_location).PostId;

    [Benchmark]
    public string NothingToGoBy() => _router.Route(_nothing).PostId;

    [Benchmark]
    public string LongText() => _router.Route(_long).PostId;
}
