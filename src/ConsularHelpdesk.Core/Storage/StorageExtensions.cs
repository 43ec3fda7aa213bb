using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
        services.AddOptions<ProtectionOptions>().BindConfiguration(ProtectionOptions.Section).ValidateOnStart();
        services.AddSingleton<ProtectionKeyRing>();
        services.AddSingleton<IValidateOptions<ProtectionOptions>>(sp => sp.GetRequiredService<ProtectionKeyRing>());
        services.AddSingleton(sp => sp.GetRequiredService<ProtectionKeyRing>().Cipher(sp.GetRequiredService<IOptions<ProtectionOptions>>().Value));
        services.AddSingleton<StorageClients>();
        services.AddSingleton<StorageKeys>();
        return services;
    }
}
