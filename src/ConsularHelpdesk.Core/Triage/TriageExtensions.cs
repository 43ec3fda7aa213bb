using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Triage;

internal static class TriageExtensions
{
    public static IServiceCollection AddTriage(this IServiceCollection services)
    {
        services.AddSingleton<AgentDirectory>();
        services.AddSingleton<TriageService>();
        return services;
    }
}
