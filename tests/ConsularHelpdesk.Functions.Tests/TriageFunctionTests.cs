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
