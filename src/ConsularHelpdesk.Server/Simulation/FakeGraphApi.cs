using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ConsularHelpdesk.Server.Simulation;

/// <summary>One request the fake Graph API received.</summary>
internal sealed record GraphRequest(string Path, string? Authorization, JsonNode? Body, DateTimeOffset At);

/// <summary>
/// A stand-in for Meta's Graph API on loopback, for the tests and the local demo: it records what it receives
/// (what the citizen would get) and answers like Meta — a message id, or the failures it is told to give (429, 500).
/// </summary>
internal sealed class FakeGraphApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<GraphRequest> _received = new();
    private readonly ConcurrentQueue<int> _failures = new();
    private int _sequence;

    private FakeGraphApi(WebApplication app) => _app = app;

    /// <summary>The versioned base address, as GraphApi:BaseUrl.</summary>
    public Uri BaseUrl => new(_app.Urls.First() + "/v21.0/");

    public IReadOnlyList<GraphRequest> Received => [.. _received];

    /// <summary>The next requests get these status codes (with Meta's error body), in order.</summary>
    public void FailNext(params int[] statusCodes)
    {
        foreach (var code in statusCodes)
        {
            _failures.Enqueue(code);
        }
    }

    public static async Task<FakeGraphApi> StartAsync(string url = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGraphApi(app);
        app.MapPost("/v21.0/{**path}", fake.HandleAsync);
        app.MapGet("/received", () => TypedResults.Json(fake.Received.Select(r => new { r.Path, r.Body, r.At })));
        await app.StartAsync();
        return fake;
    }

    private async Task<IResult> HandleAsync(HttpContext context, string path)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body);
        _received.Enqueue(new GraphRequest(path, context.Request.Headers.Authorization.ToString(), body, DateTimeOffset.UtcNow));
        if (_failures.TryDequeue(out var status))
        {
            var code = status == StatusCodes.Status429TooManyRequests ? 4 : 2;
            return TypedResults.Json(new { error = new { message = status == 429 ? "(#4) Application request limit reached" : "An unexpected error has occurred. Please retry your request later.", type = "OAuthException", code } }, statusCode: status);
        }

        var id = Interlocked.Increment(ref _sequence).ToString("D6", CultureInfo.InvariantCulture);
        return path.EndsWith("me/messages", StringComparison.Ordinal)
            ? TypedResults.Json(new { recipient_id = body?["recipient"]?["id"]?.GetValue<string>(), message_id = "m_FAKE" + id })
            : TypedResults.Json(new { messaging_product = "whatsapp", messages = new[] { new { id = "wamid.FAKE" + id } } });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
