using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Ingest;
using ConsularHelpdesk.Notifications;
using ConsularHelpdesk.Threads;
using ConsularHelpdesk.Triage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Targets;

internal static class TargetsExtensions
{
    public static IServiceCollection AddTargets(this IServiceCollection services)
    {
        services.AddOptions<ResponseTargetOptions>().BindConfiguration(ResponseTargetOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ResponseDeadline>();
        services.AddSingleton<Deadlines>();
        services.AddSingleton<IDeadlineIndex>(sp => sp.GetRequiredService<Deadlines>());
        services.AddSingleton<EscalationLadder>();
        services.AddSingleton<ILevelAlert, RaisedLevelAlerts>();
        services.AddSingleton<IMessageRecordedHandler, DistressAlerts>();
        // A public type with an internal constructor, which Microsoft DI does not call: built by a factory.
        services.AddSingleton(sp => new ResponseTargetSweeper(
            sp.GetRequiredService<Deadlines>(), sp.GetRequiredService<ConversationHeaders>(), sp.GetRequiredService<ThreadStore>(), sp.GetRequiredService<EscalationLadder>(),
            sp.GetRequiredService<INotifier>(), sp.GetRequiredService<AgentPresence>(), sp.GetRequiredService<IOptions<ResponseTargetOptions>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ResponseTargetSweeper>>()));
        services.AddOptions<CoverGapAlertOptions>().BindConfiguration(CoverGapAlertOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new CoverGapAlerts(
            sp.GetRequiredService<CoverGaps>(), sp.GetRequiredService<AgentDirectory>(), sp.GetRequiredService<INotifier>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CoverGapAlerts>>()));
        return services;
    }
}
