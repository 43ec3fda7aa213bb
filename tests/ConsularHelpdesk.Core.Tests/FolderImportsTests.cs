using System.Text.RegularExpressions;

namespace ConsularHelpdesk;

/// <summary>
/// The Core's feature folders import each other one way only (docs/architecture.md): a cycle makes two folders one
/// in all but name. Read from the sources, as a reader sees the imports: <c>using ConsularHelpdesk.X</c> and
/// references qualified as <c>X.Type</c>.
/// </summary>
public sealed partial class FolderImportsTests
{
    [Fact]
    public void No_two_core_folders_import_each_other_directly_or_round_about()
    {
        var core = Path.Combine(RepositoryRoot(), "src", "ConsularHelpdesk.Core");
        var folders = Directory.GetDirectories(core).Select(Path.GetFileName).OfType<string>()
            .Where(f => f is not ("bin" or "obj") && Directory.EnumerateFiles(Path.Combine(core, f), "*.cs", SearchOption.AllDirectories).Any())
            .ToHashSet(StringComparer.Ordinal);
        var imports = folders.ToDictionary(f => f, f => Imports(Path.Combine(core, f), f, folders));

        var cycles = folders.Select(f => CycleFrom(f, imports)).OfType<string>().Distinct().ToList();

        cycles.Should().BeEmpty();
        imports.Should().ContainKey("Channels").WhoseValue.Should().BeEmpty("the normalized activity and its parsers depend on nothing of ours");
        imports.Should().ContainKey("Crises").WhoseValue.Should().BeSubsetOf(["Storage", "Routing", "Channels"],
            "crisis mode sits low (docs/architecture.md): the threads, replies and triage import it, never the reverse");
        imports.Should().ContainKey("Distress").WhoseValue.Should().BeEquivalentTo(["Routing"], "distress detection reads text only, with routing's normalisation and language detection");
    }

    private static HashSet<string> Imports(string folder, string name, HashSet<string> folders)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (Match match in UsingDirective().Matches(text))
            {
                found.Add(match.Groups[1].Value);
            }

            foreach (Match match in QualifiedReference().Matches(text))
            {
                found.Add(match.Groups[1].Value);
            }
        }

        found.IntersectWith(folders);
        found.Remove(name);
        return found;
    }

    /// <summary>A path back to <paramref name="start"/>, as "A -> B -> A", or null.</summary>
    private static string? CycleFrom(string start, Dictionary<string, HashSet<string>> imports)
    {
        var path = new List<string> { start };
        return Walk(start) ? string.Join(" -> ", path) : null;

        bool Walk(string at)
        {
            foreach (var next in imports[at].Order(StringComparer.Ordinal))
            {
                if (next == start)
                {
                    path.Add(next);
                    return true;
                }

                if (!path.Contains(next))
                {
                    path.Add(next);
                    if (Walk(next))
                    {
                        return true;
                    }

                    path.RemoveAt(path.Count - 1);
                }
            }

            return false;
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConsularHelpdesk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No ConsularHelpdesk.sln above the test output.");
    }

    [GeneratedRegex(@"^using ConsularHelpdesk\.([A-Za-z]+)", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    // Audit, Channels, … followed by a type name, not preceded by a dot (Azure.Storage.Blobs is not our Storage).
    [GeneratedRegex(@"(?<![\w.])([A-Z][A-Za-z]+)\.[A-Z][A-Za-z]+")]
    private static partial Regex QualifiedReference();
}
