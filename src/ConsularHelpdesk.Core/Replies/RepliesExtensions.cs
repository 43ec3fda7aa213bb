using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Routing.Catalog;
using ConsularHelpdesk.Threads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Replies;

internal static class RepliesExtensions
{
    public static IServiceCollection AddReplies(this IServiceCollection services)
    {
        services.AddOptions<GraphApiOptions>().BindConfiguration(GraphApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddGraphApiClient<GraphApiClient>("graph-api", TimeSpan.FromSeconds(10));
        services.AddOptions<SendThrottleOptions>().BindConfiguration(SendThrottleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SendThrottle>();
        services.AddOptions<BroadcastRuleOptions>().BindConfiguration(BroadcastRuleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SendRules>();
        services.AddSingleton<OutboundQueue>();
        services.AddSingleton<AttachmentStore>();
        // Public types with internal constructors, which Microsoft DI does not call: built by a factory.
        services.AddSingleton(sp => new OutboundSender(sp.GetRequiredService<OutboundQueue>(), sp.GetRequiredService<GraphApiClient>(), sp.GetRequiredService<SendClaims>(), sp.GetRequiredService<AttachmentStore>(), sp.GetRequiredService<PendingSends>(), sp.GetRequiredService<SendThrottle>(), sp.GetRequiredService<IBroadcastReceipts>(), sp.GetRequiredService<BroadcastWatermarks>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<OutboundSender>>()));
        services.AddSingleton<IQueueHandler>(sp => sp.GetRequiredService<OutboundSender>());
        services.AddSingleton<CrisisMessageReply>();
        services.AddSingleton<IMessageRecordedHandler>(sp => sp.GetRequiredService<CrisisMessageReply>());
        services.AddSingleton<IntakeQuestion>();
        services.AddSingleton<IMessageRecordedHandler>(sp => sp.GetRequiredService<IntakeQuestion>());
        services.AddOptions<AutoReplyOptions>().BindConfiguration(AutoReplyOptions.Section).ValidateOnStart();
        services.AddSingleton(sp => AutoReplyTexts.LoadEmbedded(sp.GetRequiredService<PostCatalog>()));
        services.AddOptions<PrivacyNoticeOptions>().BindConfiguration(PrivacyNoticeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PrivacyNoticeOptions>, PrivacyNoticeValidation>();
        services.AddSingleton<PrivacyNotice>();
        services.AddSingleton<AutomaticOutbox>();
        services.AddSingleton<LanguageChoice>();
        services.AddSingleton<PostNotice>();
        services.AddSingleton<AutomaticReplies>();
        services.AddSingleton<IMessageRecordedHandler>(sp => sp.GetRequiredService<AutomaticReplies>());
        services.AddSingleton<IMessageRecordedHandler, EmergencyReply>();
        services.AddHostedService<AutoReplyTextsWarmup>();
        services.AddOptions<StuckReplyOptions>().BindConfiguration(StuckReplyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PendingSends>();
        services.AddSingleton(sp => new StuckReplySweeper(sp.GetRequiredService<PendingSends>(), sp.GetRequiredService<SendClaims>(), sp.GetRequiredService<OutboundQueue>(), sp.GetRequiredService<IOptions<StuckReplyOptions>>(), sp.GetRequiredService<ILogger<StuckReplySweeper>>()));
        return services;
    }
}
