using ConsularHelpdesk.Functions.Ingest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Tests;

/// <summary>The real core services, wired as the Functions app's Program.cs does, from in-memory settings.</summary>
internal static class TestServices
{
    public const string AppSecret = "test-app-secret";
    public const string VerifyToken = "test-verify-token";

    /// <summary>Nothing listens on port 1: every storage call is refused at once, as in an outage.</summary>
    public const string UnreachableStorage =
        "BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;" +
        "TableEndpoint=http://127.0.0.1:1/devstoreaccount1;SharedAccessSignature=sv=2025-01-05&sig=placeholder";

    public static ServiceProvider Create(params (string Key, string? Value)[] overrides) => Create(_ => { }, overrides);

    /// <param name="configure">Registrations added after the app's (e.g. a storage pipeline policy).</param>
    public static ServiceProvider Create(Action<IServiceCollection> configure, params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Meta:AppSecret"] = AppSecret,
            ["Meta:VerifyToken"] = VerifyToken,
            ["AzureWebJobsStorage"] = UnreachableStorage,
            ["Storage:NetworkTimeout"] = "00:00:01",
            ["Storage:KeySecret"] = "test-key-secret",
            ["Privacy:Keys:test1"] = "dGVzdC1wcml2YWN5LWtleS0zMi1ieXRlcy1sb25nISE=",
            ["Privacy:ActiveKey"] = "test1",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddHelpdeskCore(configuration);
        services.AddInboundQueueTrigger();
        configure(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
