using System.Net;
using System.Text.RegularExpressions;
using ConsularHelpdesk.Channels;
using ConsularHelpdesk.Http;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Server.Simulation;
using ConsularHelpdesk.Server.Tests.Infrastructure;

namespace ConsularHelpdesk.Server.Tests.Hosting;

/// <summary>Every answer of the self-host carries the security headers: page, API, errors, webhooks, development sign-in.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class SecurityHeadersTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Every_kind_of_answer_carries_the_security_headers()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);
        using var agent = await helpdesk.SignInAsync("dakar-agent");
        var body = CitizenPayloads.Messenger("7400000000000001", DateTimeOffset.UtcNow, CitizenPayloads.MessengerText("Je suis à Dakar"));

        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["page"] = await helpdesk.Http.GetAsync(""),
            ["script"] = await helpdesk.Http.GetAsync("app.js"),
            ["api 200"] = await agent.GetAsync("api/triage/me"),
            ["api 401"] = await helpdesk.Http.GetAsync("api/triage/me"),
            ["404"] = await helpdesk.Http.GetAsync("no/such/page"),
            ["dev sign-in"] = await helpdesk.Http.GetAsync("dev/sign-in"),
            ["webhook 200"] = await helpdesk.PostAsync(ChannelKind.Messenger, body),
            ["webhook 401"] = await helpdesk.Http.PostAsync("api/webhooks/messenger", new StringContent(body)),
        };

        answers.Select(a => (a.Key, (int)a.Value.StatusCode)).Should().Equal(
            ("page", 200), ("script", 200), ("api 200", 200), ("api 401", 401), ("404", 404), ("dev sign-in", 200), ("webhook 200", 200), ("webhook 401", 401));
        foreach (var (kind, response) in answers)
        {
            Header(response, "Content-Security-Policy").Should().Be(SecurityHeaders.ContentSecurityPolicy, kind);
            Header(response, "Content-Security-Policy").Should().Contain("frame-ancestors 'none'", kind);
            Header(response, "X-Content-Type-Options").Should().Be("nosniff", kind);
            Header(response, "Referrer-Policy").Should().Be("no-referrer", kind);
            response.Dispose();
        }
    }

    [Fact]
    public async Task The_handshake_echoes_the_challenge_as_utf8_plain_text_that_is_never_sniffed()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString);
        const string challenge = "<html><script>alert(1)</script></html>";

        using var response = await helpdesk.Http.GetAsync(
            $"api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={HelpdeskInstance.VerifyToken}&hub.challenge={Uri.EscapeDataString(challenge)}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; charset=utf-8");
        Header(response, "X-Content-Type-Options").Should().Be("nosniff");
        (await response.Content.ReadAsStringAsync()).Should().Be(challenge);
    }

    [Fact]
    public void The_header_policy_is_the_pages_meta_policy_plus_frame_ancestors()
    {
        var index = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "src", "ConsularHelpdesk.Server", "wwwroot", "index.html"));
        var meta = MetaPolicy().Match(index);

        meta.Success.Should().BeTrue("the page keeps its <meta> policy for where it is opened without the headers");
        SecurityHeaders.ContentSecurityPolicy.Should().Be(meta.Groups["policy"].Value + "; frame-ancestors 'none'");
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "(missing)";

    [GeneratedRegex("""<meta http-equiv="Content-Security-Policy" content="(?<policy>[^"]+)">""")]
    private static partial Regex MetaPolicy();
}
