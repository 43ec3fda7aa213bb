namespace ConsularHelpdesk.Server.Hosting;

/// <summary>The folder with the repository's package.json (Azurite), found from the working directory or the binaries.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "package.json")) && File.Exists(Path.Combine(dir.FullName, "ConsularHelpdesk.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            "Cannot find the repository (package.json beside ConsularHelpdesk.sln) to start Azurite from; run from the repository or set Storage:ConnectionString.");
    }
}
