using System.Text.RegularExpressions;
using ConsularHelpdesk.Ingest;

namespace ConsularHelpdesk;

/// <summary>
/// Core's public types are exactly those docs/architecture.md lists under "What Core exposes", each with the reason a
/// host forces it public: everything else is internal (the hosts, tests and bench see it through InternalsVisibleTo),
/// so the surface cannot grow, nor the list go stale, unnoticed.
/// </summary>
public sealed partial class CoreSurfaceTests
{
    [Fact]
    public void Core_exposes_exactly_the_types_the_architecture_document_lists()
    {
        var exported = typeof(WebhookReceiver).Assembly.GetExportedTypes()
            .Select(t => t.FullName!.Replace("ConsularHelpdesk.", string.Empty, StringComparison.Ordinal));

        exported.Should().BeEquivalentTo(DocumentedSurface(), "a public Core type needs a reason in docs/architecture.md, \"What Core exposes\"");
    }

    private static List<string> DocumentedSurface()
    {
        var architecture = File.ReadAllText(Path.Combine(FolderImportsTests.RepositoryRoot(), "docs", "architecture.md"));
        var section = Section().Match(architecture);
        section.Success.Should().BeTrue("docs/architecture.md has a section \"What Core exposes\"");
        return [.. ListedType().Matches(section.Groups[1].Value).Select(m => m.Groups[1].Value)];
    }

    // From the heading to the next heading of the same level (or the end).
    [GeneratedRegex(@"^## What Core exposes\n(.*?)(?=^## |\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Section();

    // A list item that starts with a type in backticks: "- `Ingest.WebhookReceiver`: why".
    [GeneratedRegex(@"^- `([A-Za-z.]+)`", RegexOptions.Multiline)]
    private static partial Regex ListedType();
}
