using System.Net;
using ConsularHelpdesk.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsularHelpdesk.Server.Tests.Privacy;

/// <summary>
/// The self-host's Data Protection key ring (the sign-in cookie's keys) in the storage account, each key encrypted under
/// the privacy key ring: a cookie outlives a restart and is read by a second instance on the same storage, the stored
/// XML holds no key material, and Data Protection warns of nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProtectedKeyRingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_sign_in_cookie_of_one_instance_is_accepted_after_a_restart_and_by_a_second_instance_and_the_stored_keys_are_encrypted()
    {
        using var telemetry = new CapturedTelemetry();
        var settings = new Dictionary<string, string?>();
        string cookie;
        await using (var first = await StartAsync(settings, telemetry))
        {
            cookie = await SignInAsync(first, "dakar-agent");
            (await GetAsync(first, cookie)).Should().Be(HttpStatusCode.OK);
            settings["Storage:Prefix"] = first.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()["Storage:Prefix"];

            var container = first.Storage.Blobs.GetBlobContainerClient(first.Storage.Names.DataProtectionContainer);
            var blobs = container.GetBlobsAsync().ToBlockingEnumerable().ToList();
            blobs.Should().NotBeEmpty("the key ring is in the storage account");
            foreach (var blob in blobs)
            {
                var xml = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
                xml.Should().Contain(">enc:v1:test1:").And.NotContain("masterKey", "no clear key material is stored: the key's secret is encrypted under the privacy key ring");
            }
        }

        await using var restarted = await StartAsync(settings, telemetry);
        await using var second = await StartAsync(settings, telemetry);

        (await GetAsync(restarted, cookie)).Should().Be(HttpStatusCode.OK, "the restart reads the same key ring");
        (await GetAsync(second, cookie)).Should().Be(HttpStatusCode.OK, "a second instance on the same storage reads it too");
        (await GetAsync(second, "helpdesk-agent=forged")).Should().Be(HttpStatusCode.Unauthorized);
        telemetry.Records.Where(r => r.Contains("DataProtection", StringComparison.Ordinal)).Should()
            .NotContain(r => r.StartsWith("Warning", StringComparison.Ordinal) || r.StartsWith("Error", StringComparison.Ordinal), "the key ring is persisted and encrypted: nothing to warn of");
    }

    private Task<HelpdeskInstance> StartAsync(Dictionary<string, string?> settings, CapturedTelemetry telemetry) =>
        HelpdeskInstance.StartAsync(azurite.Azurite.ConnectionString, settings, development: true,
            services: s => s.AddLogging(logging => logging.AddProvider(telemetry).AddFilter<CapturedTelemetry>(null, LogLevel.Trace)));

    /// <summary>The development sign-in; the sign-in cookie as a browser would send it back.</summary>
    private static async Task<string> SignInAsync(HelpdeskInstance helpdesk, string agentId)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = helpdesk.BaseAddress };
        using var response = await client.PostAsync("dev/sign-in", new FormUrlEncodedContent([new("agentId", agentId)]));
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("helpdesk-agent=", StringComparison.Ordinal)).Split(';')[0];
    }

    private static async Task<HttpStatusCode> GetAsync(HelpdeskInstance helpdesk, string cookie)
    {
        using var client = new HttpClient { BaseAddress = helpdesk.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/triage/me");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
