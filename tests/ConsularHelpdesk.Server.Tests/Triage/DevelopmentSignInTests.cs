using System.Net;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using ConsularHelpdesk.Server.Triage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>The passwordless development sign-in answers only to a browser on the machine itself, even in Development.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DevelopmentSignInTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task From_another_machine_the_development_sign_in_does_not_exist()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(
            azurite.Azurite.ConnectionString,
            development: true,
            services: s => s.AddSingleton<IStartupFilter>(new RemoteClient(IPAddress.Parse("203.0.113.7"))));

        using var page = await helpdesk.Http.GetAsync("dev/sign-in");
        using var signIn = await helpdesk.Http.PostAsync("dev/sign-in", new FormUrlEncodedContent([new("agentId", "admin")]));

        page.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await page.Content.ReadAsStringAsync()).Should().NotContain("sign-in-admin");
        signIn.StatusCode.Should().Be(HttpStatusCode.NotFound);
        signIn.Headers.Contains("Set-Cookie").Should().BeFalse("no session for a remote client");
    }

    [Fact]
    public async Task From_this_machine_the_development_sign_in_lists_the_demo_agents()
    {
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, development: true);

        var page = await HelpdeskInstance.EventuallyAsync(() => helpdesk.Http.GetStringAsync("dev/sign-in"), p => p.Contains("sign-in-admin", StringComparison.Ordinal));

        page.Should().Contain("data-testid=\"sign-in-admin\"");
    }

    [Theory]
    [InlineData("abcd-203-0-113-7.ngrok-free.app", null, null, "a tunnel's host name")]
    [InlineData("rebound.attacker.example:5080", null, null, "a DNS-rebinding page's host")]
    [InlineData("localhost:5080", "X-Forwarded-For", "203.0.113.7", "a proxy the app was not told about")]
    [InlineData("localhost:5080", "Forwarded", "for=203.0.113.7", "a proxy the app was not told about (RFC 7239)")]
    [InlineData("localhost:5080", "X-Original-For", "203.0.113.7:51234", "forwarded headers trusted from a remote peer")]
    public async Task A_request_that_only_seems_local_does_not_get_through(string host, string? header, string? value, string because)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Host = HostString.FromUriComponent(host);
        if (header is not null)
        {
            context.Request.Headers[header] = value;
        }

        var result = await new LoopbackOnlyFilter().InvokeAsync(new DefaultEndpointFilterInvocationContext(context), _ => ValueTask.FromResult<object?>(TypedResults.Ok()));

        result.Should().BeOfType<NotFound>(because);
    }

    [Fact]
    public async Task A_sign_in_posted_by_another_sites_page_is_refused()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.Request.Host = new HostString("localhost", 5080);
        context.Request.Method = "POST";
        context.Request.Headers.Origin = "https://attacker.example";
        context.Request.Headers["Sec-Fetch-Site"] = "cross-site";
        var reached = false;

        var result = await new LoopbackOnlyFilter().InvokeAsync(new DefaultEndpointFilterInvocationContext(context), _ =>
        {
            reached = true;
            return ValueTask.FromResult<object?>(TypedResults.Ok());
        });

        reached.Should().BeFalse();
        result.Should().BeOfType<ProblemHttpResult>().Which.StatusCode.Should().Be(StatusCodes.Status403Forbidden);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.8.9.10", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("192.168.1.20", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("::ffff:203.0.113.7", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData(null, false)]
    public async Task Only_a_loopback_client_gets_through(string? remote, bool passes)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);
        context.Request.Host = new HostString("localhost", 5080);
        var reached = false;

        var result = await new LoopbackOnlyFilter().InvokeAsync(
            new DefaultEndpointFilterInvocationContext(context),
            _ =>
            {
                reached = true;
                return ValueTask.FromResult<object?>(TypedResults.Ok());
            });

        reached.Should().Be(passes);
        result.Should().BeOfType(passes ? typeof(Ok) : typeof(NotFound));
    }
}
