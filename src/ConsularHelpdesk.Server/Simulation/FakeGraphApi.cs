using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace ConsularHelpdesk.Server.Simulation;

/// <summary>One request the fake Graph API received, and the status it answered.</summary>
internal sealed record GraphRequest(string Path, string? Authorization, JsonNode? Body, DateTimeOffset At, int Status = StatusCodes.Status200OK)
{
    /// <summary>Who the message was for: the WhatsApp <c>to</c> (or <c>recipient</c>), or the Messenger recipient's id.</summary>
    public string? Recipient => Body?["to"]?.GetValue<string>() ?? (Body?["recipient"] is JsonObject r ? r["id"]?.GetValue<string>() : Body?["recipient"]?.GetValue<string>());
}

/// <summary>A file the fake serves as a citizen's media; <see cref="Sha256"/> and <see cref="FileSize"/> are what it claims (the true ones unless told otherwise).</summary>
/// <param name="RedirectTo">Where its download redirects instead (a CDN of Meta's, or a host that is not).</param>
internal sealed record FakeMedia(byte[] Bytes, string MimeType, string? Sha256 = null, long? FileSize = null, Uri? RedirectTo = null);

/// <summary>
/// A stand-in for Meta's Graph API on loopback, for the tests and the local demo: it records what it receives
/// (what the citizen would get) and answers like Meta — a message id, or the failures it is told to give (429, 500).
/// It also serves citizens' media as Meta does: WhatsApp's <c>GET /{media-id}</c> (address, type, SHA-256, size) and the
/// download with the token (<c>/media/{id}</c>), and Messenger's CDN links (<c>/cdn/{id}</c>, no token), the demo's
/// samples (<see cref="DemoMedia"/>) from the start.
/// </summary>
internal sealed class FakeGraphApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<GraphRequest> _received = new();
    private readonly ConcurrentQueue<int> _failures = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _failuresFor = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeMedia> _media = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<int> _mediaFailures = new();
    private readonly ConcurrentQueue<GraphRequest> _mediaRequests = new();
    private readonly ConcurrentDictionary<string, int> _cuts = new(StringComparer.Ordinal);
    private volatile TaskCompletionSource? _mediaHold;
    private volatile bool _refuseReplyTo;
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

    /// <summary>From now on a send with <c>reply_to</c> is refused as Meta refuses a parameter it does not take: 400, code 100, naming it.</summary>
    public void RefuseReplyTo() => _refuseReplyTo = true;

    /// <summary>The media requests (metadata and downloads) received, with the status each got.</summary>
    public IReadOnlyList<GraphRequest> MediaRequests => [.. _mediaRequests];

    /// <summary>Serves <paramref name="media"/> under <paramref name="id"/> (a WhatsApp media id, or a Messenger CDN name).</summary>
    public void AddMedia(string id, FakeMedia media) => _media[id] = media;

    /// <summary>A Messenger attachment address on the fake's CDN (no token needed, as Meta's).</summary>
    public Uri CdnUrl(string id) => new($"{_app.Urls.First()}/cdn/{id}");

    /// <summary>The next media requests (metadata or download) get these status codes, in order.</summary>
    public void FailMediaNext(params int[] statusCodes)
    {
        foreach (var code in statusCodes)
        {
            _mediaFailures.Enqueue(code);
        }
    }

    /// <summary>The next download of <paramref name="id"/> breaks off after <paramref name="bytes"/> bytes (the connection dropped).</summary>
    public void CutNextDownload(string id, int bytes) => _cuts[id] = bytes;

    /// <summary>Media downloads wait until the returned source completes (what the webhook does meanwhile is the test).</summary>
    public TaskCompletionSource HoldMedia() => _mediaHold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeGraphApi> StartAsync(string url = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGraphApi(app);
        app.MapPost("/v21.0/{**path}", fake.HandleAsync);
        app.MapGet("/v21.0/{id}", fake.MediaInfo);
        app.MapGet("/media/{id}", (HttpContext context, string id) => fake.DownloadAsync(context, id, tokenNeeded: true));
        app.MapGet("/cdn/{id}", (HttpContext context, string id) => fake.DownloadAsync(context, id, tokenNeeded: false));
        foreach (var (id, bytes, mimeType) in DemoMedia.All)
        {
            fake.AddMedia(id, new FakeMedia(bytes, mimeType));
        }

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

        if (_refuseReplyTo && body?["reply_to"] is not null)
        {
            _received.Enqueue(request with { Status = StatusCodes.Status400BadRequest });
            return TypedResults.Json(new { error = new { message = "(#100) Param reply_to is not a valid parameter", type = "OAuthException", code = 100 } }, statusCode: StatusCodes.Status400BadRequest);
        }

        _received.Enqueue(request);

        var id = Interlocked.Increment(ref _sequence).ToString("D6", CultureInfo.InvariantCulture);
        return path.EndsWith("me/messages", StringComparison.Ordinal)
            ? TypedResults.Json(new { recipient_id = body?["recipient"]?["id"]?.GetValue<string>(), message_id = "m_FAKE" + id })
            : TypedResults.Json(new { messaging_product = "whatsapp", messages = new[] { new { id = "wamid.FAKE" + id } } });
    }

    private IResult MediaInfo(HttpContext context, string id)
    {
        if (MediaRefusal(context, "v21.0/" + id, tokenNeeded: true) is { } refused)
        {
            return refused;
        }

        if (!_media.TryGetValue(id, out var media))
        {
            return TypedResults.Json(new { error = new { message = "(#100) Unsupported get request.", type = "GraphMethodException", code = 100 } }, statusCode: StatusCodes.Status400BadRequest);
        }

        return TypedResults.Json(new
        {
            messaging_product = "whatsapp",
            url = $"{_app.Urls.First()}/media/{id}",
            mime_type = media.MimeType,
            sha256 = media.Sha256 ?? Convert.ToHexStringLower(SHA256.HashData(media.Bytes)),
            file_size = media.FileSize ?? media.Bytes.Length,
            id,
        });
    }

    private async Task<IResult> DownloadAsync(HttpContext context, string id, bool tokenNeeded)
    {
        if (MediaRefusal(context, (tokenNeeded ? "media/" : "cdn/") + id, tokenNeeded) is { } refused)
        {
            return refused;
        }

        if (_mediaHold is { } hold)
        {
            await hold.Task.WaitAsync(context.RequestAborted);
        }

        if (!_media.TryGetValue(id, out var media))
        {
            return TypedResults.NotFound(); // as Meta's CDN: an unknown or expired link
        }

        if (media.RedirectTo is { } target)
        {
            return TypedResults.Redirect(target.ToString());
        }

        if (_cuts.TryRemove(id, out var cut))
        {
            // The connection drops midway: the length announced, fewer bytes sent.
            context.Response.ContentType = media.MimeType.Split(';')[0];
            context.Response.ContentLength = media.Bytes.Length;
            await context.Response.Body.WriteAsync(media.Bytes.AsMemory(0, Math.Min(cut, media.Bytes.Length)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
            return TypedResults.Empty;
        }

        return TypedResults.Bytes(media.Bytes, media.MimeType.Split(';')[0]); // the type it was uploaded as
    }

    /// <summary>Records the request; a failure it was told to give, or a 401 without the token where one is needed.</summary>
    private IResult? MediaRefusal(HttpContext context, string path, bool tokenNeeded)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var status = _mediaFailures.TryDequeue(out var failure) ? failure
            : tokenNeeded && !authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? StatusCodes.Status401Unauthorized
            : StatusCodes.Status200OK;
        _mediaRequests.Enqueue(new GraphRequest(path, authorization, null, DateTimeOffset.UtcNow, status));
        return status == StatusCodes.Status200OK ? null : MetaError(status);
    }

    private static IResult MetaError(int status) => Results.Json(
        status == StatusCodes.Status401Unauthorized
            ? new { error = new { message = "Invalid OAuth access token.", type = "OAuthException", code = 190 } }
            : new { error = new { message = "An unexpected error has occurred. Please retry your request later.", type = "OAuthException", code = status == 429 ? 4 : 2 } },
        statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
