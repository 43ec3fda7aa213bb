using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Storage;

internal static class StorageExtensions
{
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .PostConfigure(o => o.FallBackToFunctionsStorage(configuration))
            .ValidateDataAnnotations()
            .Validate(
                o => o.IsDevelopmentStorage || !string.IsNullOrWhiteSpace(o.KeySecret),
                "Missing configuration: 'Storage:KeySecret' (a secret keying the hashes of phone numbers and message ids in storage keys; from Key Vault or app settings).")
            .ValidateOnStart();
        services.AddSingleton<StorageClients>();
        services.AddSingleton<StorageKeys>();
        return services;
    }
}
