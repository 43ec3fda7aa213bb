using ConsularHelpdesk.Server.Health;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Server.Webhooks;

namespace ConsularHelpdesk.Server;

/// <summary>The self-host: the same endpoints as the Functions app, the queue pump, Azurite when no storage is configured.</summary>
public static class HelpdeskServer
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddHelpdeskServer(builder.Configuration);

        var app = builder.Build();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapWebhooks();
        app.MapHealth();
        return app;
    }

    private static IServiceCollection AddHelpdeskServer(this IServiceCollection services, IConfiguration configuration)
    {
        // Hosted services start in this order: storage first, then the data it needs, then the pump.
        services.AddHostedService<AzuriteHost>();
        if (configuration.GetValue<bool>("GraphApi:StartFake"))
        {
            services.AddHostedService<FakeGraphApiHost>();
        }

        services.AddHelpdeskCore(configuration);
        services.AddStorageInitializer();
        services.AddHostedService<QueuePumpService>();
        services.AddProblemDetails();
        return services;
    }
}
