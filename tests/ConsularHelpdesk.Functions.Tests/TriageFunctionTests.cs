using System.Text;
using ConsularHelpdesk.Functions.Triage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Tests;

/// <summary>The triage trigger called directly: who may call it is decided before any storage is touched.</summary>
public sealed class TriageFunctionTests : IDisposable
{
    private readonly ServiceProvider _services = TestServices.Create();

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData("not-base64!")]
    [InlineData("eyJhdXRoX3R5cCI6ImFhZCJ9")] // {"auth_typ":"aad"}: no claims
    public async Task WithoutAValidEasyAuthPrincipalEveryCallIs401(string? principal)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = "GET";
        if (principal is not null)
        {
            context.Request.Headers["X-MS-CLIENT-PRINCIPAL"] = principal;
        }

        using var body = new MemoryStream();
        context.Response.Body = body;
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection([new("WEBSITE_AUTH_ENABLED", "True")]).Build();
        var result = await new TriageFunction(configuration).RunAsync(context.Request, "me");
        await result.ExecuteAsync(context);

        context.Response.StatusCode.Should().Be(StatusCodes.Status401Unauthorized);
        Encoding.UTF8.GetString(body.ToArray()).Should().Contain("Sign in");
    }

    [Fact]
    public async Task WithoutAppServiceAuthenticationInFrontAValidLookingHeaderIsIgnored()
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = "GET";
        context.Request.Headers["X-MS-CLIENT-PRINCIPAL"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","claims":[{"typ":"oid","val":"admin"}]}"""));
        context.Response.Body = new MemoryStream();

        var result = await new TriageFunction(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()).RunAsync(context.Request, "me");
        await result.ExecuteAsync(context);

        context.Response.StatusCode.Should().Be(StatusCodes.Status401Unauthorized);
    }

    [Theory]
    [InlineData("DELETE", "roster/shifts/2026-W49-0123456789abcdef0123456789abcdef", "Sec-Fetch-Site", "cross-site", StatusCodes.Status403Forbidden)]
    [InlineData("POST", "roster/shifts", "Content-Type", "text/plain", StatusCodes.Status415UnsupportedMediaType)]
    [InlineData("PUT", "admin/agents/someone", "Origin", "https://evil.example", StatusCodes.Status403Forbidden)]
    public async Task RosterAndAgentChangesAreGuardedBeforeAnythingIsRead(string method, string path, string header, string value, int expected)
    {
        var context = SignedInContext(method);
        context.Request.ContentType = "application/json";
        context.Request.Headers[header] = value;

        var result = await new TriageFunction(EasyAuth).RunAsync(context.Request, path);
        await result.ExecuteAsync(context);

        context.Response.StatusCode.Should().Be(expected);
        context.Response.ContentType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData(null, "application/json", null, null, StatusCodes.Status428PreconditionRequired)]
    [InlineData("\"etag\"", "text/plain", null, null, StatusCodes.Status415UnsupportedMediaType)]
    [InlineData("\"etag\"", "application/x-www-form-urlencoded", null, null, StatusCodes.Status415UnsupportedMediaType)]
    [InlineData("\"etag\"", "application/json", "Origin", "https://evil.example", StatusCodes.Status403Forbidden)]
    [InlineData("\"etag\"", "application/json", "Sec-Fetch-Site", "cross-site", StatusCodes.Status403Forbidden)]
    [InlineData("\"etag\"", "application/json", "Content-Length", "100000", StatusCodes.Status413PayloadTooLarge)]
    public async Task ChangesAreGuardedAsOnTheSelfHostBeforeAnythingIsRead(string? ifMatch, string? contentType, string? header, string? value, int expected)
    {
        var context = SignedInContext("POST");
        if (ifMatch is not null)
        {
            context.Request.Headers.IfMatch = ifMatch;
        }

        context.Request.ContentType = contentType;
        if (header is not null)
        {
            context.Request.Headers[header] = value;
        }

        var result = await new TriageFunction(EasyAuth).RunAsync(context.Request, "conversations/c1/close");
        await result.ExecuteAsync(context);

        context.Response.StatusCode.Should().Be(expected);
        context.Response.ContentType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData(false, StatusCodes.Status503ServiceUnavailable)]
    [InlineData(true, StatusCodes.Status500InternalServerError)]
    public async Task AFailureAnswersAProblemWithoutStackTraceOrEchoedHeaders(bool bug, int expected)
    {
        // Storage is unreachable (an outage), or a bug throws on the first storage call.
        using var services = TestServices.Create(s =>
        {
            if (bug)
            {
                s.AddSingleton<Azure.Core.Pipeline.HttpPipelinePolicy>(new ThrowingPolicy());
            }
        });
        var context = SignedInContext("GET", services);
        context.Request.Headers.Cookie = "session=cookie-value-secret";
        using var body = new MemoryStream();
        context.Response.Body = body;

        var result = await new TriageFunction(EasyAuth).RunAsync(context.Request, "me");
        await result.ExecuteAsync(context);

        context.Response.StatusCode.Should().Be(expected);
        context.Response.ContentType.Should().Be("application/problem+json");
        Encoding.UTF8.GetString(body.ToArray()).Should().NotContain("cookie-value-secret").And.NotContain(" at ").And.NotContain("Exception").And.NotContain(ThrowingPolicy.Message);
    }

    [Fact]
    public async Task ABareTriagePathIsNotABindingError()
    {
        var context = SignedInContext("GET");

        var result = await new TriageFunction(EasyAuth).RunAsync(context.Request, null);
        await result.ExecuteAsync(context);

        // No storage here: the agent cannot be looked up, which is a 503 problem, not an exception.
        context.Response.StatusCode.Should().Be(StatusCodes.Status503ServiceUnavailable);
    }

    private static IConfiguration EasyAuth { get; } = new ConfigurationBuilder().AddInMemoryCollection([new("WEBSITE_AUTH_ENABLED", "True")]).Build();

    private DefaultHttpContext SignedInContext(string method, IServiceProvider? services = null)
    {
        var context = new DefaultHttpContext { RequestServices = services ?? _services };
        context.Request.Method = method;
        context.Request.Host = new HostString("helpdesk.example");
        context.Request.Headers["X-MS-CLIENT-PRINCIPAL"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","claims":[{"typ":"oid","val":"admin"}]}"""));
        context.Response.Body = new MemoryStream();
        return context;
    }

    private sealed class ThrowingPolicy : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        public const string Message = "message-with-7300000000000099";

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) => throw new InvalidOperationException(Message);

        public override ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) => throw new InvalidOperationException(Message);
    }

    [Theory]
    [InlineData(null, "text/html", "Consular Helpdesk")]
    [InlineData("app.js", "text/javascript", "api.js")]
    [InlineData("app.css", "text/css", "{")]
    public async Task ThePageIsServedFromTheDeployedWebRoot(string? file, string contentType, string contains)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = "GET";
        using var body = new MemoryStream();
        context.Response.Body = body;

        await TriagePageFunction.Run(context.Request, file).ExecuteAsync(context);

        context.Response.StatusCode.Should().Be(StatusCodes.Status200OK);
        context.Response.ContentType.Should().StartWith(contentType);
        Encoding.UTF8.GetString(body.ToArray()).Should().Contain(contains);
    }

    [Theory]
    [InlineData("../host.json")]
    [InlineData("../../etc/passwd")]
    [InlineData("missing.js")]
    public async Task NothingOutsideTheWebRootIsServed(string file)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = "GET";
        context.Response.Body = new MemoryStream();

        await TriagePageFunction.Run(context.Request, file).ExecuteAsync(context);

        context.Response.StatusCode.Should().Be(StatusCodes.Status404NotFound);
    }
}
