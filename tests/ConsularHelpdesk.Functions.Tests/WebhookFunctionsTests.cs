using System.Text;
using ConsularHelpdesk.Functions.Webhooks;
using ConsularHelpdesk.Ingest;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Tests;

/// <summary>
/// The HTTP functions called directly with the real core behind them. Storage is unreachable here, so every
/// request that passes the checks ends in 503; the 200 path is covered against Azurite elsewhere.
/// </summary>
public sealed class WebhookFunctionsTests : IDisposable
{
    private static readonly byte[] Payload = """{"object":"whatsapp_business_account","entry":[]}"""u8.ToArray();

    private readonly ServiceProvider _services;
    private readonly WebhookFunctions _functions;

    public WebhookFunctionsTests()
        : this(TestServices.Create())
    {
    }

    private WebhookFunctionsTests(ServiceProvider services)
    {
        _services = services;
        _functions = new WebhookFunctions(services.GetRequiredService<WebhookReceiver>());
    }

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task HandshakeWithTheRightTokenEchoesTheChallengeAsPlainText()
    {
        var response = await CallAsync(_functions.WhatsAppAsync, Get($"?hub.mode=subscribe&hub.verify_token={TestServices.VerifyToken}&hub.challenge=1158201444"));

        response.Status.Should().Be(StatusCodes.Status200OK);
        response.ContentType.Should().StartWith("text/plain");
        response.Body.Should().Be("1158201444");
    }

    [Theory]
    [InlineData("?hub.mode=subscribe&hub.verify_token=wrong-token&hub.challenge=1158201444")]
    [InlineData("?hub.mode=unsubscribe&hub.verify_token=" + TestServices.VerifyToken + "&hub.challenge=1158201444")]
    [InlineData("?hub.mode=subscribe&hub.challenge=1158201444")]
    [InlineData("")]
    public async Task HandshakeWithoutTheRightTokenIsForbidden(string query)
    {
        var response = await CallAsync(_functions.MessengerAsync, Get(query));

        response.Status.Should().Be(StatusCodes.Status403Forbidden);
        response.Body.Should().NotContain("1158201444");
    }

    [Fact]
    public async Task EventWithAWrongSignatureIsUnauthorized()
    {
        var response = await CallAsync(_functions.WhatsAppAsync, Post(Payload, WebhookSignature.Sign(Payload, "another-secret")));

        response.Status.Should().Be(StatusCodes.Status401Unauthorized);
        response.ContentType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task EventWithoutASignatureIsUnauthorized()
    {
        var response = await CallAsync(_functions.MessengerAsync, Post(Payload, signature: null));

        response.Status.Should().Be(StatusCodes.Status401Unauthorized);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EventOverFourMebibytesIsTooLargeWhetherOrNotContentLengthSaysSo(bool sendContentLength)
    {
        var body = new byte[WebhookReceiver.MaxBodyBytes + 1];
        Array.Fill(body, (byte)' ');

        var response = await CallAsync(_functions.WhatsAppAsync, Post(body, WebhookSignature.Sign(body, TestServices.AppSecret), sendContentLength));

        response.Status.Should().Be(StatusCodes.Status413PayloadTooLarge);
    }

    [Fact]
    public async Task SignedEventIsServiceUnavailableWhenStorageCannotBeReachedSoThatMetaRetries()
    {
        var response = await CallAsync(_functions.WhatsAppAsync, Post(Payload, WebhookSignature.Sign(Payload, TestServices.AppSecret)));

        response.Status.Should().Be(StatusCodes.Status503ServiceUnavailable);
        response.ContentType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task EachWebhookChecksItsOwnChannelsSecretAndToken()
    {
        using var services = TestServices.Create(
            ("WhatsApp:AppSecret", "whatsapp-secret"), ("Messenger:AppSecret", "messenger-secret"),
            ("WhatsApp:VerifyToken", "whatsapp-token"), ("Messenger:VerifyToken", "messenger-token"));
        var functions = new WebhookFunctions(services.GetRequiredService<WebhookReceiver>());
        var signature = WebhookSignature.Sign(Payload, "whatsapp-secret");
        const string handshake = "?hub.mode=subscribe&hub.verify_token=whatsapp-token&hub.challenge=42";

        (await CallAsync(functions.WhatsAppAsync, Post(Payload, signature), services)).Status.Should().Be(StatusCodes.Status503ServiceUnavailable, "the signature passed");
        (await CallAsync(functions.MessengerAsync, Post(Payload, signature), services)).Status.Should().Be(StatusCodes.Status401Unauthorized);
        (await CallAsync(functions.WhatsAppAsync, Get(handshake), services)).Status.Should().Be(StatusCodes.Status200OK);
        (await CallAsync(functions.MessengerAsync, Get(handshake), services)).Status.Should().Be(StatusCodes.Status403Forbidden);
    }

    private static DefaultHttpContext Get(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.QueryString = new QueryString(query);
        return context;
    }

    private static DefaultHttpContext Post(byte[] body, string? signature, bool sendContentLength = true)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(body, writable: false);
        context.Request.ContentLength = sendContentLength ? body.Length : null;
        if (signature is not null)
        {
            context.Request.Headers[WebhookSignature.HeaderName] = signature;
        }

        return context;
    }

    private Task<Response> CallAsync(Func<HttpRequest, Task<IResult>> function, DefaultHttpContext context) =>
        CallAsync(function, context, _services);

    /// <summary>Calls the function and executes its result as the ASP.NET Core integration does.</summary>
    private static async Task<Response> CallAsync(Func<HttpRequest, Task<IResult>> function, DefaultHttpContext context, IServiceProvider services)
    {
        context.RequestServices = services;
        using var responseBody = new MemoryStream();
        context.Response.Body = responseBody;

        var result = await function(context.Request);
        await result.ExecuteAsync(context);

        return new Response(context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(responseBody.ToArray()));
    }

    private sealed record Response(int Status, string? ContentType, string Body);
}
