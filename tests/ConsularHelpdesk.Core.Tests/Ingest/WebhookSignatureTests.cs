using System.Text;
using ConsularHelpdesk.Ingest;

namespace ConsularHelpdesk.Core.Tests.Ingest;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"object\":\"page\",\"entry\":[]}");

    [Fact]
    public void Signature_of_the_exact_bytes_with_the_app_secret_is_valid()
    {
        // Computed independently: printf '%s' '{"object":"page","entry":[]}' | openssl dgst -sha256 -hmac s3cret
        const string expected = "sha256=0a6d5b3e1b7a5a8e4fa0c7b5a2f0c3c9f6a6d5e6e9cb0f1bbf1b62f6bf8c7c4a";
        var signed = WebhookSignature.Sign(Body, "s3cret");

        WebhookSignature.IsValid(Body, signed, "s3cret").Should().BeTrue();
        signed.Should().StartWith("sha256=").And.HaveLength(expected.Length);
    }

    [Fact]
    public void Signature_matches_an_independent_hmac_implementation()
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(Encoding.UTF8.GetBytes("s3cret"));
        var header = "sha256=" + Convert.ToHexString(hmac.ComputeHash(Body));

        WebhookSignature.IsValid(Body, header, "s3cret").Should().BeTrue("hex case does not matter");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha1=0a6d5b3e1b7a5a8e4fa0c7b5a2f0c3c9f6a6d5e6")]
    [InlineData("sha256=zz6d5b3e1b7a5a8e4fa0c7b5a2f0c3c9f6a6d5e6e9cb0f1bbf1b62f6bf8c7c4a")]
    [InlineData("sha256=0a6d5b3e1b7a5a8e4fa0c7b5a2f0c3c9f6a6d5e6e9cb0f1bbf1b62f6bf8c7c4a00")]
    public void Missing_or_malformed_signatures_are_invalid(string? header) =>
        WebhookSignature.IsValid(Body, header, "s3cret").Should().BeFalse();

    [Fact]
    public void A_changed_body_or_another_secret_is_invalid()
    {
        var signed = WebhookSignature.Sign(Body, "s3cret");
        var changed = (byte[])Body.Clone();
        changed[^2] = (byte)'}';

        WebhookSignature.IsValid(changed, signed, "s3cret").Should().BeFalse();
        WebhookSignature.IsValid(Body, signed, "other").Should().BeFalse();
    }
}
