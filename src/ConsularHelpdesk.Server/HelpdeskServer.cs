using ConsularHelpdesk.Server.Demo;
using ConsularHelpdesk.Server.Health;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Server.Triage;
using ConsularHelpdesk.Server.Webhooks;
using ConsularHelpdesk.Triage;

namespace ConsularHelpdesk.Server;

/// <summary>The self-host: the same endpoints as the Functions app, the queue pump, Azurite when no storage is configured, the triage view.</summary>
internal static class HelpdeskServer
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddHelpdeskServer(builder.Configuration, builder.Environment);

        var app = builder.Build();
        app.UseProxyHeaders();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler(); // a problem without details; Development keeps the developer exception page
        }

        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapWebhooks();
        app.MapHealth();
        app.MapTriage();
        if (app.Environment.IsDevelopment())
        {
            app.MapDevelopmentSignIn();
        }

        return app;
    }

    private static IServiceCollection AddHelpdeskServer(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Hosted services start in this order: storage first, then the data it needs, then the pump.
        services.AddHostedService<AzuriteHost>();
        if (configuration.GetValue<bool>("GraphApi:StartFake"))
        {
            services.AddHostedService<FakeGraphApiHost>();
        }

        services.AddHelpdeskCore(configuration);
        services.AddStorageInitializer();
        if (environment.IsDevelopment())
        {
            services.AddHostedService<DemoAgents>();
            services.AddHostedService<DemoRoster>();
        }

        services.AddHostedService<QueuePumpService>();
        services.AddHostedService<StuckReplySweepService>();
        services.AddHostedService<ResponseTargetSweepService>();
        services.AddHostedService<RetentionSweepService>();
        services.AddHostedService<CoverGapAlertService>();
        services.AddProtectedKeyRing();
        services.AddPrivacyKeyFile(environment);
        services.AddAgentSignIn(configuration);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, TriageJsonContext.Default));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }
}
