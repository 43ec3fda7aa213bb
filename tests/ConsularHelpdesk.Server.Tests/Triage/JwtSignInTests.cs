using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ConsularHelpdesk.Server.Tests.Triage;

/// <summary>Bearer tokens from an OpenID Connect provider (here a tiny one on loopback with its own key).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class JwtSignInTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_token_from_the_configured_provider_signs_an_agent_in_and_any_other_is_refused()
    {
        using var key = RSA.Create(2048);
        var signingKey = new RsaSecurityKey(key) { KeyId = "test-key" };
        await using var provider = await StartProviderAsync(signingKey);
        var issuer = provider.Urls.First() + "/";
        await using var helpdesk = await HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Auth:Jwt:Authority"] = issuer,
            ["Auth:Jwt:Audience"] = "api://consular-helpdesk",
            ["Auth:Jwt:RequireHttpsMetadata"] = "false",
        }, development: true);

        using var signedIn = await CallMeAsync(helpdesk, Token(signingKey, issuer, "api://consular-helpdesk", "dakar-agent"));
        using var wrongAudience = await CallMeAsync(helpdesk, Token(signingKey, issuer, "api://something-else", "dakar-agent"));
        using var strangerKey = RSA.Create(2048);
        using var forged = await CallMeAsync(helpdesk, Token(new RsaSecurityKey(strangerKey) { KeyId = "test-key" }, issuer, "api://consular-helpdesk", "admin"));

        signedIn.StatusCode.Should().Be(HttpStatusCode.OK);
        (await signedIn.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>().Should().Be("dakar-agent");
        wrongAudience.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        forged.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static async Task<HttpResponseMessage> CallMeAsync(HelpdeskInstance helpdesk, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/triage/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await helpdesk.Http.SendAsync(request);
    }

    private static string Token(SecurityKey key, string issuer, string audience, string objectId) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("oid", objectId), new Claim("name", objectId)]),
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });

    /// <summary>Discovery document and keys, as Entra ID serves them, on loopback.</summary>
    private static async Task<WebApplication> StartProviderAsync(RsaSecurityKey key)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
        app.MapGet("/.well-known/openid-configuration", (HttpContext c) =>
        {
            var issuer = $"{c.Request.Scheme}://{c.Request.Host}/";
            return Results.Json(new { issuer, jwks_uri = issuer + "keys", id_token_signing_alg_values_supported = new[] { "RS256" } });
        });
        app.MapGet("/keys", () => Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", n = jwk.N, e = jwk.E, alg = "RS256" } } }));
        await app.StartAsync();
        return app;
    }
}
