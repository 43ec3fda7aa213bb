using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConsularHelpdesk.Distress;

/// <summary>The lists as data: validated with the entry named, replaceable by an operator's folder, checked at start.</summary>
public sealed class DistressPhraseListsTests
{
    [Fact]
    public void The_built_in_lists_of_the_four_languages_load()
    {
        var lists = DistressPhraseLists.Load();

        lists.ByLanguage.Keys.Should().BeEquivalentTo("nl", "fr", "de", "en");
        lists.Sources.Values.Should().AllBe("built-in");
        lists.ByLanguage.Values.Should().AllSatisfy(l => l.Entries.Select(e => e.Category).Where(c => c.Length > 0).Distinct().Should().BeEquivalentTo(DistressCategories.All));
    }

    [Theory]
    [InlineData("""{ "category": "arest", "level": "urgent", "phrases": ["arrested"] }""", "distress.en.json: phrases[0] (category 'arest', level 'urgent'): unknown category 'arest'*")]
    [InlineData("""{ "category": "arrest", "level": "high", "phrases": ["arrested"] }""", "distress.en.json: phrases[0] (category 'arrest', level 'high'): unknown level 'high'*")]
    [InlineData("""{ "category": "arrest", "level": "none", "phrases": ["arrested"] }""", "*unknown level 'none'*")]
    [InlineData("""{ "category": "arrest", "level": "urgent", "phrases": ["arrested", " "] }""", "distress.en.json: phrases[0] (category 'arrest', level 'urgent') phrase 2 ' ': empty phrase.")]
    [InlineData("""{ "category": "arrest", "level": "urgent", "phrases": [] }""", "*phrases[0] (category 'arrest', level 'urgent'): no phrases.")]
    [InlineData("""{ "category": "arrest", "level": "urgent", "phrases": ["ar*"] }""", "*phrase 1 'ar*': 'ar*': a word with '*' needs at least 3 letters*")]
    [InlineData("""{ "category": "arrest", "level": "urgent", "phrases": ["... arrested"] }""", "*phrase 1 '... arrested': '...' must stand between two words.")]
    [InlineData("""{ "category": "arrest", "level": "urgent", "phrases": ["arrested", "Arrêsted"] }""", "*phrase 2 'Arrêsted': the same words as 'arrested'*")]
    public void A_bad_entry_is_refused_with_the_entry_named(string group, string message)
    {
        var act = () => Read($$"""{ "language": "en", "phrases": [ {{group}} ], "negations": [], "reported": [], "falsePositives": [] }""");

        act.Should().Throw<InvalidDataException>().WithMessage(message);
    }

    [Fact]
    public void An_empty_cue_is_refused_with_the_entry_named()
    {
        var act = () => Read("""{ "language": "en", "phrases": [], "negations": ["not", ""], "reported": [], "falsePositives": [] }""");

        act.Should().Throw<InvalidDataException>().WithMessage("distress.en.json: negations item 2 '': empty phrase.");
    }

    [Fact]
    public void A_list_of_another_language_or_not_json_is_refused()
    {
        FluentActions.Invoking(() => Read("""{ "language": "fr", "phrases": [], "negations": [], "reported": [], "falsePositives": [] }"""))
            .Should().Throw<InvalidDataException>().WithMessage("distress.en.json: \"language\" is 'fr', expected 'en'.");
        FluentActions.Invoking(() => Read("""{ "language": "en", "phrases": [ """))
            .Should().Throw<InvalidDataException>().WithMessage("distress.en.json line 1: invalid JSON*");
    }

    [Fact]
    public void An_operator_file_replaces_the_built_in_list_of_its_language_only()
    {
        var folder = Directory.CreateTempSubdirectory("distress-lists").FullName;
        File.WriteAllText(Path.Combine(folder, "distress.en.json"), """
            { "language": "en", "phrases": [ { "category": "stranded", "level": "critical", "phrases": ["lost my umbrella"] } ],
              "negations": [], "reported": [], "falsePositives": [] }
            """);

        var lists = DistressPhraseLists.Load(folder);
        var assessor = new DistressAssessor(lists);

        lists.Sources["en"].Should().Be(Path.Combine(folder, "distress.en.json"));
        lists.Sources["nl"].Should().Be("built-in");
        assessor.Assess("I lost my umbrella", "en").Level.Should().Be(DistressLevel.Critical);
        assessor.Assess("My son was arrested", "en").Level.Should().Be(DistressLevel.None, "the operator's list replaced the built-in one");
        assessor.Assess("Mijn zoon is gearresteerd", "nl").Level.Should().Be(DistressLevel.Urgent);
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_refused()
    {
        var act = () => DistressPhraseLists.Load("/nonexistent/distress-lists");

        act.Should().Throw<InvalidDataException>().WithMessage("Distress:PhraseListsPath: the folder '/nonexistent/distress-lists' does not exist.");
    }

    [Fact]
    public async Task A_bad_operator_list_stops_the_start_with_the_entry_named()
    {
        var folder = Directory.CreateTempSubdirectory("distress-lists").FullName;
        File.WriteAllText(Path.Combine(folder, "distress.de.json"), """
            { "language": "de", "phrases": [ { "category": "arrest", "level": "urgent", "phrases": ["verhaftet"] },
                                              { "category": "unfall", "level": "urgent", "phrases": ["Unfall"] } ],
              "negations": [], "reported": [], "falsePositives": [] }
            """);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Distress:PhraseListsPath"] = folder });
        builder.Services.AddDistress();
        using var host = builder.Build();

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<InvalidDataException>()).WithMessage("*distress.de.json: phrases[1] (category 'unfall', level 'urgent'): unknown category 'unfall'*");
    }

    [Fact]
    public async Task AddDistress_gives_an_assessor_on_the_built_in_lists_when_no_folder_is_set()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDistress();
        using var host = builder.Build();

        await host.StartAsync();

        host.Services.GetRequiredService<IDistressAssessor>().Assess("Mon fils a été arrêté", "fr").Categories.Should().Equal(DistressCategories.Arrest);
        await host.StopAsync();
    }

    private static PhraseIndex Read(string json) => DistressPhraseLists.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "distress.en.json", "en");
}
