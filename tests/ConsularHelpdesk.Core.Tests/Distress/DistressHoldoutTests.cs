using System.Text.Json;
using Xunit.Abstractions;

namespace ConsularHelpdesk.Distress;

/// <summary>
/// The score on examples kept out of the lists' tuning (<c>Data/holdout.jsonl</c>, written before the lists and never
/// used to change them): how often the level is right, how often an ordinary question is raised, how often distress
/// is missed. The floors catch a change of the lists that makes detection clearly worse; the figures are printed.
/// </summary>
public sealed class DistressHoldoutTests(ITestOutputHelper output)
{
    [Fact]
    public void The_holdout_examples_score_above_the_floors()
    {
        var assessor = new DistressAssessor(DistressPhraseLists.Load());
        var cases = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Distress", "Data", "holdout.jsonl"))
            .Where(l => !string.IsNullOrWhiteSpace(l))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (Text: e.GetProperty("text").GetString()!, Expected: e.GetProperty("level").GetString()!))
            .ToList();

        var results = cases.Select(c => (c.Text, c.Expected, Found: assessor.Assess(c.Text, null))).ToList();
        var correct = results.Count(r => Name(r.Found.Level) == r.Expected);
        var ordinary = results.Where(r => r.Expected == "none").ToList();
        var raised = ordinary.Count(r => r.Found.Level != DistressLevel.None);
        var distress = results.Where(r => r.Expected != "none").ToList();
        var missed = distress.Count(r => r.Found.Level == DistressLevel.None);

        output.WriteLine($"holdout: {results.Count} examples ({ordinary.Count} ordinary, {distress.Count} distress)");
        output.WriteLine($"level correct: {correct}/{results.Count} ({100.0 * correct / results.Count:0.0} %)");
        output.WriteLine($"false raises among ordinary questions: {raised}/{ordinary.Count} ({100.0 * raised / ordinary.Count:0.0} %)");
        output.WriteLine($"missed distress: {missed}/{distress.Count} ({100.0 * missed / distress.Count:0.0} %)");
        foreach (var (text, expected, found) in results.Where(r => Name(r.Found.Level) != r.Expected))
        {
            output.WriteLine($"  expected {expected}, found {Name(found.Level)} [{string.Join(", ", found.Matches.Select(m => $"{m.Category}:{m.Phrase}"))}] ({found.Language}): {text}");
        }

        results.Should().HaveCountGreaterThanOrEqualTo(40);
        (100.0 * correct / results.Count).Should().BeGreaterThanOrEqualTo(80, "the level is right for most examples");
        (100.0 * raised / ordinary.Count).Should().BeLessThanOrEqualTo(10, "ordinary questions are rarely raised");
        (100.0 * missed / distress.Count).Should().BeLessThanOrEqualTo(20, "distress is rarely missed");
    }

    private static string Name(DistressLevel level) => level.ToString().ToLowerInvariant();
}
