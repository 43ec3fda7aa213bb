using System.Globalization;

namespace ConsularHelpdesk.Benchmarks;

/// <summary>
/// The figures of one run as markdown table rows (measure, figure, target, ratio and whether it is met), ready to
/// paste into bench/README.md, so runs before and after a change read side by side.
/// </summary>
internal sealed class LoadReport
{
    private readonly List<string> _lines = [];
    private string _heading = string.Empty;

    public void Heading(string text) => _heading = text;

    /// <param name="value">The measured ratio or figure the target applies to; null when there is none (or it is not available).</param>
    /// <param name="bound">The target's bound for <paramref name="value"/>.</param>
    /// <param name="atMost">True when the target is an upper bound (≤), false when a lower one (≥).</param>
    public void Line(string measure, string figure, string target, double? value, double? bound = null, bool atMost = false)
    {
        var verdict = (value, bound) switch
        {
            ({ } v, { } b) => string.Create(CultureInfo.InvariantCulture, $"{v:0.00} {((atMost ? v <= b : v >= b) ? "met" : "missed")}"),
            ({ } v, null) => string.Create(CultureInfo.InvariantCulture, $"{v:0.00}"),
            _ => "—",
        };
        _lines.Add($"| {measure} | {figure} | {target} | {verdict} |");
    }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine(_heading);
        Console.WriteLine();
        Console.WriteLine("| measure | figure | target | ratio / value |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var line in _lines)
        {
            Console.WriteLine(line);
        }
    }
}
