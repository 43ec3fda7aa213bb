namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// Development means demo agents and a passwordless sign-in (admin included) and the developer exception page:
/// such an instance must listen on loopback only. This reads every place Kestrel takes its addresses from
/// (<c>--urls</c>, <c>ASPNETCORE_URLS</c>/<c>urls</c>, <c>http_ports</c>/<c>https_ports</c>,
/// <c>Kestrel:Endpoints:*:Url</c>) before the server starts, so that a remote binding is refused, not served.
/// </summary>
internal static class DevelopmentBinding
{
    public const string AllowOption = "--allow-remote-dev";

    /// <summary>Why the app must not start (a sentence for the operator), or null when it may.</summary>
    public static string? Refusal(IConfiguration configuration, IHostEnvironment environment, bool allowRemote)
    {
        if (!environment.IsDevelopment() || allowRemote)
        {
            return null;
        }

        var remote = RemoteAddresses(configuration).ToList();
        return remote.Count == 0
            ? null
            : $"Refusing to start: the Development environment (demo agents, passwordless sign-in, detailed errors) would listen on {string.Join(", ", remote)}, which other machines can reach. " +
              $"Listen on loopback (e.g. --urls http://127.0.0.1:5080), use another environment, or pass {AllowOption} if this is really wanted.";
    }

    /// <summary>The configured addresses that are not loopback; wildcards (*, +, 0.0.0.0, [::]) and host names other than localhost count as remote.</summary>
    internal static IEnumerable<string> RemoteAddresses(IConfiguration configuration)
    {
        var urls = Split(configuration[WebHostDefaults.ServerUrlsKey])
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        foreach (var url in urls.Where(u => !IsLoopback(u)))
        {
            yield return url;
        }

        // Ports alone bind every interface.
        foreach (var (key, scheme) in new[] { (WebHostDefaults.HttpPortsKey, "http"), (WebHostDefaults.HttpsPortsKey, "https") })
        {
            foreach (var port in Split(configuration[key]))
            {
                yield return $"{scheme}://*:{port}";
            }
        }
    }

    private static string[] Split(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsLoopback(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return false; // Kestrel refuses it anyway; here it is not known to be local
        }

        if (address.IsNamedPipe || address.IsUnixPipe)
        {
            return true; // not reachable over the network
        }

        return string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (System.Net.IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));
    }
}
