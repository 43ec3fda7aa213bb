using ConsularHelpdesk.Functions.Triage;
using ConsularHelpdesk.Functions.Webhooks;
using ConsularHelpdesk.Http;
using ConsularHelpdesk.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Tests;

/// <summary>Every HTTP function answers with the security headers, whatever the outcome, as the self-host does.</summary>
public sealed class SecurityHeadersTests : IDisposable
{
    private const string Handshake = "?hub.mode=subscribe&hub.verify_token=" + TestServices.VerifyToken + "&hub.challenge=%3Cscript%3Ealert(1)%3C%2Fscript%3E";

    private readonly ServiceProvider _services = TestServices.Create();

    public void Dispose() => _services.Dispose();

    public static TheoryData<string, int> Calls() => new()
    {
        { "page", StatusCodes.Status200OK },
        { "page 404", StatusCodes.Status404NotFound },
        { "api 401", StatusCodes.Status401Unauthorized },
        { "handshake 200", StatusCodes.Status200OK },
        { "handshake 403", StatusCodes.Status403Forbidden },
        { "webhook 401", StatusCodes.Status401Unauthorized },
        { "webhook 503", StatusCodes.Status503ServiceUnavailable },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task EveryHttpFunctionAnswersWithTheSecurityHeaders(string call, int status)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Response.Body = new MemoryStream();
        var webhooks = new WebhookFunctions(_services.GetRequiredService<WebhookReceiver>());
        var signed = WebhookSignature.Sign("{}"u8.ToArray(), TestServices.AppSecret);

        var result = call switch
        {
            "page" => TriagePageFunction.Run(Get(context, ""), null),
            "page 404" => TriagePageFunction.Run(Get(context, ""), "missing.js"),
            "api 401" => await new TriageFunction(new ConfigurationBuilder().Build()).RunAsync(Get(context, ""), "me"),
            "handshake 200" => await webhooks.WhatsAppAsync(Get(context, Handshake)),
            "handshake 403" => await webhooks.MessengerAsync(Get(context, "?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1")),
            "webhook 401" => await webhooks.WhatsAppAsync(Post(context, signature: "sha256=00")),
            _ => await webhooks.MessengerAsync(Post(context, signed)),
        };
        await result.ExecuteAsync(context);

        context.Response.StatusCode.Should().Be(status);
        context.Response.Headers.ContentSecurityPolicy.ToString().Should().Be(SecurityHeaders.ContentSecurityPolicy);
        context.Response.Headers.XContentTypeOptions.ToString().Should().Be("nosniff");
        context.Response.Headers["Referrer-Policy"].ToString().Should().Be("no-referrer");
    }

    [Fact]
    public async Task TheHandshakeAnswersUtf8PlainText()
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Response.Body = new MemoryStream();
        var webhooks = new WebhookFunctions(_services.GetRequiredService<WebhookReceiver>());

        await (await webhooks.WhatsAppAsync(Get(context, Handshake))).ExecuteAsync(context);

        context.Response.ContentType.Should().Be("text/plain; charset=utf-8");
        context.Response.Headers.XContentTypeOptions.ToString().Should().Be("nosniff");
    }

    private static HttpRequest Get(DefaultHttpContext context, string query)
    {
        context.Request.Method = HttpMethods.Get;
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    private static HttpRequest Post(DefaultHttpContext context, string signature)
    {
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream("{}"u8.ToArray(), writable: false);
        context.Request.ContentLength = 2;
        context.Request.Headers[WebhookSignature.HeaderName] = signature;
        return context.Request;
    }
}
