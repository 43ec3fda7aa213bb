using System.Net;
using System.Text;
using ConsularHelpdesk.Server.Hosting;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsularHelpdesk.Server.Tests.Hosting;

/// <summary>A bug answers a bare problem: no stack trace, no exception message, nothing of the request echoed.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProblemExceptionHandlerTests(AzuriteFixture azurite)
{
    private const string Secret = "message-with-7300000000000099";

    [Fact]
    public async Task An_unhandled_exception_outside_development_answers_a_problem_without_details()
    {
        // The health check's storage probe (queue metadata) fails with a bug, not an outage: nothing handles it.
        var fault = new FaultInjection(m => m.Request.Uri.Query.Contains("comp=metadata", StringComparison.Ordinal), int.MaxValue, () => new InvalidOperationException(Secret));
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString,
            services: s => s.AddSingleton<Azure.Core.Pipeline.HttpPipelinePolicy>(fault));

        using var response = await SendWithSecretsAsync(helpdesk.Http, "healthz");

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        await ShouldBeABareProblemAsync(response);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_failing_triage_call_answers_a_problem_without_details_in_any_environment(bool development)
    {
        var armed = new StrongBox();
        var fault = new FaultInjection(m => armed.On && m.Request.Uri.Path.Contains("Agents(", StringComparison.Ordinal), int.MaxValue, () => new InvalidOperationException(Secret));
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString,
            new Dictionary<string, string?> { ["Auth:EasyAuth"] = "true", ["WEBSITE_AUTH_ENABLED"] = "True" },
            s => s.AddSingleton<Azure.Core.Pipeline.HttpPipelinePolicy>(fault), development);
        armed.On = true;

        using var response = await SendWithSecretsAsync(helpdesk.Http, "api/triage/me", r => r.Headers.Add("X-MS-CLIENT-PRINCIPAL", Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","claims":[{"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"admin"}]}"""))));

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        await ShouldBeABareProblemAsync(response);
    }

    [Theory]
    [InlineData(true, StatusCodes.Status503ServiceUnavailable)]
    [InlineData(false, StatusCodes.Status500InternalServerError)]
    public async Task A_storage_outage_answers_503_and_any_other_failure_500(bool outage, int expected)
    {
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        using var body = new MemoryStream();
        context.Response.Body = body;
        var handler = new ProblemExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<ProblemExceptionHandler>.Instance);

        var handled = await handler.TryHandleAsync(context, outage ? new Azure.RequestFailedException(503, Secret) : new InvalidOperationException(Secret), CancellationToken.None);

        handled.Should().BeTrue();
        context.Response.StatusCode.Should().Be(expected);
        Encoding.UTF8.GetString(body.ToArray()).Should().NotContain(Secret);
    }

    private static async Task<HttpResponseMessage> SendWithSecretsAsync(HttpClient client, string url, Action<HttpRequestMessage>? adjust = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", "helpdesk-agent=cookie-value-secret");
        request.Headers.Add("X-Request-Note", "header-value-secret");
        adjust?.Invoke(request);
        return await client.SendAsync(request);
    }

    private static async Task ShouldBeABareProblemAsync(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("cookie-value-secret").And.NotContain("header-value-secret").And.NotContain(Secret)
            .And.NotContain("InvalidOperationException").And.NotContain(" at ").And.NotContain("ConsularHelpdesk.");
    }

    private sealed class StrongBox
    {
        public volatile bool On;
    }
}
