using Azure.Data.Tables;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>The self-host on a free loopback port, against the given storage, with its own table and queue names.</summary>
internal sealed class HelpdeskInstance : IAsyncDisposable
{
    public const string AppSecret = "test-app-secret";
    public const string VerifyToken = "test-verify-token";

    private readonly WebApplication _app;
    private readonly bool _ownsGraph;

    private HelpdeskInstance(WebApplication app, FakeGraphApi graph, bool ownsGraph)
    {
        _app = app;
        _ownsGraph = ownsGraph;
        Graph = graph;
        BaseAddress = new Uri(app.Urls.First(u => u.StartsWith("http://127.0.0.1", StringComparison.Ordinal)) + "/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Simulator = new CitizenSimulator(Http, _ => AppSecret);
    }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public CitizenSimulator Simulator { get; }

    /// <summary>Meta's Graph API as this instance sees it: what citizens were sent.</summary>
    public FakeGraphApi Graph { get; }

    public IServiceProvider Services => _app.Services;

    public StorageClients Storage => Services.GetRequiredService<StorageClients>();

    /// <summary>The key that encrypts personal data at rest in the tests (Privacy:Keys), and its id.</summary>
    public const string PrivacyKey = "dGVzdC1wcml2YWN5LWtleS0zMi1ieXRlcy1sb25nISE=";

    public const string PrivacyKeyId = "test1";

    public static async Task<HelpdeskInstance> StartAsync(
        string connectionString,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        bool development = false,
        FakeGraphApi? sharedGraph = null)
    {
        // A shared fake outlives this instance (a restart test's second instance writes to the same one).
        var graph = sharedGraph ?? await FakeGraphApi.StartAsync();
        var config = new Dictionary<string, string?>
        {
            ["GraphApi:BaseUrl"] = graph.BaseUrl.ToString(),
            ["GraphApi:RetryDelay"] = "00:00:00.010",
            ["GraphApi:StartFake"] = "false",
            ["WhatsApp:AccessToken"] = "test-whatsapp-token",
            ["Messenger:PageAccessToken"] = "test-page-token",
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:Prefix"] = "t" + Guid.NewGuid().ToString("N")[..12],
            ["Storage:NetworkTimeout"] = "00:00:01",
            ["Storage:KeySecret"] = "test-key-secret",
            [$"Privacy:Keys:{PrivacyKeyId}"] = PrivacyKey,
            ["Privacy:ActiveKey"] = PrivacyKeyId,
            ["Meta:AppSecret"] = AppSecret,
            ["Meta:VerifyToken"] = VerifyToken,
            ["Queue:RetryDelay"] = "00:00:00",
            ["Queue:MaxPollingInterval"] = "00:00:00.100",
            ["Media:RetryDelay"] = "00:00:00.200",
            // Tests run at any hour on the real clock: an acknowledgement would depend on the time the suite runs.
            // The tests of automatic replies turn it on and set the clock (Replies/AutomaticRepliesTests).
            ["AutoReplies:Acknowledge"] = "false",
            // The post notice adds a message to every routed conversation: the tests of it turn it on (Replies/PostNoticeTests).
            ["AutoReplies:PostNotice"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        // The triage page as the build made it (tests run from their own output folder, not the server's).
        var webRoot = Path.Combine(ConsularHelpdesk.Server.Hosting.RepositoryRoot.Find(), "src", "ConsularHelpdesk.Server", "wwwroot");
        string[] args = development ? ["--environment", "Development", "--webroot", webRoot] : ["--webroot", webRoot];
        var app = HelpdeskServer.Build(args, builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(config);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new HelpdeskInstance(app, graph, ownsGraph: sharedGraph is null);
    }

    /// <summary>An HTTP client signed in as a demo agent through the development sign-in (Development only).</summary>
    public async Task<HttpClient> SignInAsync(string agentId)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = BaseAddress,
        };
        using var response = await client.PostAsync("dev/sign-in", new FormUrlEncodedContent([new("agentId", agentId)]));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {agentId} answered {(int)response.StatusCode}.");
        }

        return client;
    }

    public Task<HttpResponseMessage> PostAsync(ChannelKind channel, string body) => Simulator.SendAsync(channel, body, CancellationToken.None);

    public TableClient Table(Func<StorageNames, string> name) => Storage.Table(name(Storage.Names));

    /// <summary>Every row of every thread (header and messages), in key order.</summary>
    public async Task<List<TableEntity>> ConversationRowsAsync()
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table(n => n.Conversations).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The citizens' messages in every thread (not ours), in key order.</summary>
    public async Task<List<TableEntity>> MessagesAsync() =>
        [.. (await ConversationRowsAsync()).Where(r => r.RowKey.StartsWith("msg-", StringComparison.Ordinal) && r.GetString("Direction") == "in")];

    /// <summary>Our messages in every thread (echoes, intake questions, replies), in key order.</summary>
    public async Task<List<TableEntity>> OutboundAsync() =>
        [.. (await ConversationRowsAsync()).Where(r => r.RowKey.StartsWith("msg-", StringComparison.Ordinal) && r.GetString("Direction") == "out")];

    /// <summary>Polls until the condition holds (processing is asynchronous) or the time is up, then returns the last value.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        // Reads again on a steady beat until the condition holds; the beat is how often to look, not a wait for it.
        using var beat = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (true)
        {
            var value = await read();
            if (until(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await beat.WaitForNextTickAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsGraph)
        {
            await Graph.DisposeAsync();
        }
    }
}
