using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ConsularHelpdesk.Notifications;

internal static class NotificationsExtensions
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<NotificationWebhooks>()
            .AddResilienceHandler("notification-webhooks", (pipeline, context) =>
            {
                // The whole send (retries included) is bounded, so a receiver that hangs holds the sweep that long at most.
                var options = context.ServiceProvider.GetRequiredService<IOptions<NotificationOptions>>().Value;
                pipeline.AddTimeout(options.TotalTimeout);
                if (options.MaxRetries > 0)
                {
                    // 5xx, 408, 429 and network failures, with exponential backoff, honouring Retry-After.
                    pipeline.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = options.MaxRetries, Delay = options.RetryDelay, UseJitter = true });
                }

                pipeline.AddTimeout(TimeSpan.FromSeconds(5));
            });
        services.AddSingleton<PageAlerts>();
        services.AddSingleton<GroupSends>();
        services.AddSingleton<INotifier, Notifier>();
        return services;
    }
}
