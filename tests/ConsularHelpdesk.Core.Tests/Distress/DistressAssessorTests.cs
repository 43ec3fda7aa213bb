namespace ConsularHelpdesk.Distress;

/// <summary>The assessor on the built-in lists: the table of examples, and what a match records.</summary>
public sealed class DistressAssessorTests
{
    private static readonly Lazy<DistressAssessor> Assessor = new(() => new DistressAssessor(DistressPhraseLists.Load()));

    public static TheoryData<string?, string, string, string> Examples => DistressExamples.All;

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_example_gets_its_level_and_categories(string? language, string text, string level, string categories)
    {
        var assessment = Assessor.Value.Assess(text, language);

        Level(assessment.Level).Should().Be(level, $"\"{text}\" matched {Describe(assessment)}");
        string.Join(',', assessment.Categories).Should().Be(categories, $"\"{text}\" matched {Describe(assessment)}");
    }

    [Fact]
    public void The_table_has_at_least_120_examples_with_every_category_in_every_language()
    {
        var rows = DistressExamples.All.Select(r => (Language: (string?)r[0], Text: (string)r[1], Categories: (string)r[3])).ToList();

        rows.Should().HaveCountGreaterThanOrEqualTo(120);
        foreach (var language in new[] { "nl", "fr", "de", "en" })
        {
            foreach (var category in DistressCategories.All)
            {
                rows.Should().Contain(r => r.Language == language && r.Categories.Split(',').Contains(category), $"{category} needs an example in {language}");
            }
        }
    }

    [Fact]
    public void A_match_records_the_list_phrase_and_where_it_stands_not_the_citizen_words()
    {
        const string text = "Help!! Mijn zoon is GEARESTEERD in Tanger";

        var assessment = Assessor.Value.Assess(text, "nl");

        var match = assessment.Matches.Should().ContainSingle().Subject;
        match.Should().Be(new DistressMatch(DistressCategories.Arrest, "gearesteerd", DistressLevel.Urgent, text.IndexOf("GEARESTEERD", StringComparison.Ordinal), "GEARESTEERD".Length));
        assessment.Language.Should().Be("nl");
    }

    [Fact]
    public void The_level_is_the_highest_match_and_categories_come_once_each_in_list_order()
    {
        var assessment = Assessor.Value.Assess("They kidnapped my husband. I am in hospital. My passport was stolen and the kidnappers took my bag.", "en");

        assessment.Level.Should().Be(DistressLevel.Critical);
        assessment.Categories.Should().Equal(DistressCategories.Hospital, DistressCategories.Kidnapping, DistressCategories.Stranded);
        assessment.Matches.Select(m => m.Start).Should().BeInAscendingOrder();
    }

    [Fact]
    public void A_phrase_inside_a_longer_one_of_the_same_category_counts_once()
    {
        var assessment = Assessor.Value.Assess("We had a car accident", "en");

        assessment.Matches.Should().ContainSingle().Which.Phrase.Should().Be("car accident");
    }

    [Fact]
    public void Reported_speech_caps_its_own_sentence_only()
    {
        var assessment = Assessor.Value.Assess("I read in the news about a bombing near the port. This morning my son was arrested.", "en");

        assessment.Level.Should().Be(DistressLevel.Urgent);
        assessment.Matches.Select(m => (m.Category, m.Level)).Should().Equal((DistressCategories.Disaster, DistressLevel.Elevated), (DistressCategories.Arrest, DistressLevel.Urgent));
    }

    [Theory]
    [InlineData("My son was not arrested", "none")]
    [InlineData("My son has not yet been arrested", "none")]
    [InlineData("Not sure what happened: my son was arrested", "urgent")]
    [InlineData("I did not know what to do when my son was arrested", "urgent")]
    public void A_negation_denies_a_phrase_only_shortly_before_it_in_the_same_clause(string text, string level)
    {
        Assessor.Value.Assess(text, "en").Level.ToString().ToLowerInvariant().Should().Be(level);
    }

    [Fact]
    public void A_false_positive_takes_away_its_own_words_only()
    {
        var assessment = Assessor.Value.Assess("I have an appointment at the hospital for my visa medical, and my wife is in hospital after a car crash", "en");

        assessment.Matches.Select(m => m.Phrase).Should().Equal("in hospital", "car crash");
    }

    [Fact]
    public void A_gap_phrase_does_not_reach_across_a_sentence_or_over_more_than_three_words()
    {
        var assessor = new DistressAssessor(DistressPhraseLists.Load(Folder("""{ "category": "stranded", "level": "urgent", "phrases": ["passport ... gone"] }""")));

        assessor.Assess("my passport is gone", "en").Level.Should().Be(DistressLevel.Urgent);
        assessor.Assess("my passport and wallet are gone", "en").Level.Should().Be(DistressLevel.Urgent);
        assessor.Assess("my passport and my wallet are gone", "en").Level.Should().Be(DistressLevel.None);
        assessor.Assess("I have my passport. Money is gone", "en").Level.Should().Be(DistressLevel.None);
    }

    [Fact]
    public void A_prefix_word_matches_every_word_starting_with_it()
    {
        var assessor = new DistressAssessor(DistressPhraseLists.Load(Folder("""{ "category": "arrest", "level": "urgent", "phrases": ["detain*"] }""")));

        assessor.Assess("they detain him", "en").Level.Should().Be(DistressLevel.Urgent);
        assessor.Assess("he is detained", "en").Matches.Should().ContainSingle().Which.Phrase.Should().Be("detain*");
        assessor.Assess("a detour", "en").Level.Should().Be(DistressLevel.None);
    }

    [Fact]
    public void The_language_is_detected_when_not_given_and_reported_as_read()
    {
        Assessor.Value.Assess("Mon mari a été arrêté à Casablanca ce matin", null).Language.Should().Be("fr");
        Assessor.Value.Assess("Bonjour, une question sur les passeports", null).Should().Be(DistressAssessment.None("fr") with { Categories = [], Matches = [] }, "nothing found");
    }

    [Fact]
    public void An_empty_or_punctuation_only_text_is_no_distress()
    {
        Assessor.Value.Assess(string.Empty, null).Level.Should().Be(DistressLevel.None);
        Assessor.Value.Assess("?!! 👍", "en").Level.Should().Be(DistressLevel.None);
    }

    [Fact]
    public void Only_the_start_of_a_very_long_text_is_read()
    {
        var text = new string('a', DistressAssessor.MaxChars) + " arrested";

        Assessor.Value.Assess(text, "en").Level.Should().Be(DistressLevel.None);
    }

    private static string Folder(string group)
    {
        var folder = Directory.CreateTempSubdirectory("distress-lists").FullName;
        File.WriteAllText(Path.Combine(folder, "distress.en.json"), $$"""{ "language": "en", "phrases": [ {{group}} ], "negations": [], "reported": [], "falsePositives": [] }""");
        return folder;
    }

    private static string Level(DistressLevel level) => level.ToString().ToLowerInvariant();

    private static string Describe(DistressAssessment assessment) =>
        assessment.Matches.Count == 0 ? $"nothing ({assessment.Language})" : $"{assessment.Language}: " + string.Join("; ", assessment.Matches.Select(m => $"{m.Category}/{m.Phrase}/{m.Level}"));
}
