using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// The self-host's privacy key from a local file (<c>Privacy:KeyFile</c>): one line <c>{keyId}:{base64 of 32 bytes}</c>,
/// added to the key ring (and made the active key unless <c>Privacy:ActiveKey</c> names another). A missing file is
/// created with a new random key (mode 0600 on Unix) in Development only; in Production it fails the start, naming the
/// setting: a key made up by a fresh server would leave every row written under the old one unreadable.
/// </summary>
internal static class PrivacyKeyFile
{
    /// <summary>The key id a file created in Development gets.</summary>
    public const string CreatedKeyId = "local1";

    public static IServiceCollection AddPrivacyKeyFile(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddOptions<ProtectionOptions>().PostConfigure(o =>
        {
            if (!string.IsNullOrWhiteSpace(o.KeyFile))
            {
                AddTo(o, Path.GetFullPath(o.KeyFile, environment.ContentRootPath), environment.IsDevelopment());
            }
        });
        return services;
    }

    /// <exception cref="InvalidOperationException">The file is missing outside Development, or not one <c>{keyId}:{base64}</c> line.</exception>
    internal static void AddTo(ProtectionOptions options, string path, bool create)
    {
        if (!File.Exists(path))
        {
            if (!create)
            {
                throw new InvalidOperationException($"Privacy:KeyFile: no key file at '{path}'. Outside Development the key is never made up: restore the file, or give the key as Privacy:Keys:{{keyId}} and Privacy:ActiveKey.");
            }

            Create(path);
        }

        var line = File.ReadAllText(path).Trim();
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var id = colon > 0 ? line[..colon] : string.Empty;
        if (!FieldCipher.IsKeyId(id))
        {
            throw new InvalidOperationException($"Privacy:KeyFile: '{path}' does not hold one line '{{keyId}}:{{base64 of 32 bytes}}'.");
        }

        options.Keys[id] = line[(colon + 1)..];
        options.ActiveKey ??= id;
    }

    private static void Create(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Readable by the service's own user only, from its creation (no moment with wider rights).
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, options);
        using var writer = new StreamWriter(file);
        writer.Write($"{CreatedKeyId}:{FieldCipher.NewKey()}\n");
    }
}
