using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ConsularHelpdesk.Server.Simulation;

/// <summary>One request the fake Graph API received, and the status it answered.</summary>
internal sealed record GraphRequest(string Path, string? Authorization, JsonNode? Body, DateTimeOffset At, int Status = StatusCodes.Status200OK)
{
    /// <summary>Who the message was for: the WhatsApp <c>to</c> (or <c>recipient</c>), or the Messenger recipient's id.</summary>
    public string? Recipient => Body?["to"]?.GetValue<string>() ?? (Body?["recipient"] is JsonObject r ? r["id"]?.GetValue<string>() : Body?["recipient"]?.GetValue<string>());
}

/// <summary>
/// A stand-in for Meta's Graph API on loopback, for the tests and the local demo: it records what it receives
/// (what the citizen would get) and answers like Meta — a message id, or the failures it is told to give (429, 500).
/// </summary>
internal sealed class FakeGraphApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<GraphRequest> _received = new();
    private readonly ConcurrentQueue<int> _failures = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _failuresFor = new(StringComparer.Ordinal);
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

    /// <summary>The next requests for this recipient (WhatsApp number or user id, Messenger id) get these status codes, in order.</summary>
    public void FailFor(string recipient, params int[] statusCodes)
    {
        var queue = _failuresFor.GetOrAdd(recipient, _ => new ConcurrentQueue<int>());
        foreach (var code in statusCodes)
        {
            queue.Enqueue(code);
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
        var request = new GraphRequest(path, context.Request.Headers.Authorization.ToString(), body, DateTimeOffset.UtcNow);
        if ((request.Recipient is { } recipient && _failuresFor.TryGetValue(recipient, out var failures) && failures.TryDequeue(out var status)) || _failures.TryDequeue(out status))
        {
            _received.Enqueue(request with { Status = status });
            var code = status == StatusCodes.Status429TooManyRequests ? 4 : 2;
            return TypedResults.Json(new { error = new { message = status == 429 ? "(#4) Application request limit reached" : "An unexpected error has occurred. Please retry your request later.", type = "OAuthException", code } }, statusCode: status);
        }

        if (body?["template"]?["components"]?[0]?["parameters"]?[0]?["text"]?.GetValue<string>() is { } parameter
            && (parameter.Contains('\n', StringComparison.Ordinal) || parameter.Contains('\t', StringComparison.Ordinal) || parameter.Contains("     ", StringComparison.Ordinal) || parameter.Length == 0))
        {
            // As Meta: a template parameter with a newline, a tab or more than four spaces in a row is refused.
            _received.Enqueue(request with { Status = StatusCodes.Status400BadRequest });
            return TypedResults.Json(new { error = new { message = "(#132018) Param text cannot have new-line/tab characters or more than 4 consecutive spaces", type = "OAuthException", code = 132018 } }, statusCode: StatusCodes.Status400BadRequest);
        }

        _received.Enqueue(request);

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
