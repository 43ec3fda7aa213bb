using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConsularHelpdesk.Distress;
using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Server.Cli;

/// <summary>
/// <c>assess</c>: the distress assessment of one text (<c>--text T</c>), or of every case of a file (<c>--cases FILE</c>,
/// one JSON object with a <c>text</c> and an optional <c>language</c> per line), printed as JSON, so that the ministry
/// can tune the phrase lists on its own examples: <c>--lists FOLDER</c> takes the lists of a folder as the
/// <c>Distress:PhraseListsPath</c> setting does. Reads no storage and starts no server.
/// </summary>
internal static class AssessCommand
{
    public static Command Create()
    {
        var text = new Option<string?>("--text") { Description = "What the citizen wrote." };
        var language = new Option<string?>("--language") { Description = "The conversation's language (nl, fr, de, en); detected when not given." };
        language.AcceptOnlyFromAmong([.. Languages.Supported]);
        var cases = new Option<FileInfo?>("--cases") { Description = "A file with one JSON object per line ({\"text\":…,\"language\":…}); prints one JSON line per case." };
        var lists = new Option<DirectoryInfo?>("--lists") { Description = "A folder of phrase lists (distress.<language>.json) replacing the built-in ones of their language, as Distress:PhraseListsPath does." };
        var command = new Command("assess", "Print the distress assessment as JSON: language, level, categories and the matches (category, phrase, level, start, length).")
        {
            text, language, cases, lists,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(text) is null) == (result.GetValue(cases) is null))
            {
                result.AddError("Give either --text T or --cases FILE.");
            }
            else if (result.GetValue(cases) is not null && result.GetValue(language) is not null)
            {
                result.AddError("--language goes with --text; in a cases file, give each case its \"language\".");
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var error = result.InvocationConfiguration.Error;
            DistressAssessor assessor;
            try
            {
                assessor = new DistressAssessor(DistressPhraseLists.Load(result.GetValue(lists)?.FullName));
            }
            catch (InvalidDataException e)
            {
                await error.WriteLineAsync(e.Message);
                return 1;
            }

            if (result.GetValue(cases) is not { } file)
            {
                await output.WriteLineAsync(Print(assessor.Assess(result.GetValue(text)!, result.GetValue(language)), indented: true));
                return 0;
            }

            if (!file.Exists)
            {
                await error.WriteLineAsync($"{file.FullName}: no such file.");
                return 1;
            }

            var failures = 0;
            var line = 0;
            await foreach (var json in File.ReadLinesAsync(file.FullName, cancellationToken))
            {
                line++;
                if (string.IsNullOrWhiteSpace(json))
                {
                    continue;
                }

                if (Read(json) is not { } assessCase)
                {
                    await error.WriteLineAsync($"{file.Name}:{line}: not a case (one JSON object with a \"text\" string and an optional \"language\" of nl, fr, de, en).");
                    failures++;
                    continue;
                }

                await output.WriteLineAsync(Print(assessor.Assess(assessCase.Text!, assessCase.Language), indented: false));
            }

            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    internal static string Print(DistressAssessment assessment, bool indented) =>
        JsonSerializer.Serialize(assessment, indented ? AssessJsonContext.Indented.DistressAssessment : AssessJsonContext.Compact.DistressAssessment);

    private static AssessCase? Read(string json)
    {
        try
        {
            var assessCase = JsonSerializer.Deserialize(json, AssessJsonContext.Compact.AssessCase);
            return assessCase?.Text is not null && (assessCase.Language is null || Languages.Supported.Contains(assessCase.Language)) ? assessCase : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record AssessCase(string? Text = null, string? Language = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AssessCase))]
[JsonSerializable(typeof(DistressAssessment))]
internal sealed partial class AssessJsonContext : JsonSerializerContext
{
    /// <summary>One line per case, phrases as written (arrêté, not arr\u00EAt\u00E9): people read this output.</summary>
    public static AssessJsonContext Compact { get; } = new(CreateOptions(indented: false));

    public static AssessJsonContext Indented { get; } = new(CreateOptions(indented: true));

    private static JsonSerializerOptions CreateOptions(bool indented) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = indented,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
