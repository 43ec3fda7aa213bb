using System.CommandLine;

namespace ConsularHelpdesk.Server.Cli;

/// <summary>
/// The ASP.NET Core host options the executable accepts, declared so that anything else is an error rather than
/// silently ignored, and passed on to the host as it reads them (<c>--urls value</c>).
/// </summary>
internal sealed class HostArguments
{
    private readonly Option<string>[] _options;

    private HostArguments(params Option<string>[] options) => _options = options;

    /// <summary>For the commands that run the web server.</summary>
    public static HostArguments ForServer() => new(Urls(), Environment(), ContentRoot(), WebRoot());

    /// <summary>For the commands that only read the configuration (settings of an environment).</summary>
    public static HostArguments ForConfiguration() => new(Environment(), ContentRoot());

    public void AddTo(Command command)
    {
        foreach (var option in _options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The given ones, as arguments for <see cref="WebApplication.CreateBuilder(string[])"/>.</summary>
    public string[] Forward(ParseResult result) =>
        [.. _options.SelectMany(o => result.GetValue(o) is { } value ? new[] { o.Name, value } : [])];

    private static Option<string> Urls() => new("--urls") { Description = "The addresses to listen on, separated by ';' (e.g. http://127.0.0.1:5080). Also ASPNETCORE_URLS." };

    private static Option<string> Environment() => new("--environment") { Description = "The hosting environment: Development, Production (default) or another name." };

    private static Option<string> ContentRoot() => new("--contentRoot", "--contentroot") { Description = "The folder holding appsettings*.json (default: the current folder)." };

    private static Option<string> WebRoot() => new("--webroot", "--webRoot") { Description = "The folder of the triage page's files (default: wwwroot under the content root)." };
}
