using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Distress;

internal static class DistressExtensions
{
    /// <summary>The phrase lists (built in, or the operator's folder <c>Distress:PhraseListsPath</c>), read and validated at start.</summary>
    public static IServiceCollection AddDistress(this IServiceCollection services)
    {
        services.AddOptions<DistressOptions>().BindConfiguration(DistressOptions.Section).ValidateOnStart();
        services.AddSingleton(sp => DistressPhraseLists.Load(sp.GetRequiredService<IOptions<DistressOptions>>().Value.PhraseListsPath));
        services.AddSingleton<IDistressAssessor, DistressAssessor>();
        services.AddHostedService<DistressWarmup>();
        return services;
    }
}
