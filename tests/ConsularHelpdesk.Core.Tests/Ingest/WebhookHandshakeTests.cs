using ConsularHelpdesk.Ingest;

namespace ConsularHelpdesk.Core.Tests.Ingest;

public sealed class WebhookHandshakeTests
{
    [Fact]
    public void Subscribe_with_the_verify_token_returns_the_challenge() =>
        WebhookHandshake.Verify("subscribe", "tok", "1158201444", "tok").Should().Be("1158201444");

    [Theory]
    [InlineData("subscribe", "wrong", "1")]
    [InlineData("unsubscribe", "tok", "1")]
    [InlineData(null, "tok", "1")]
    [InlineData("subscribe", null, "1")]
    [InlineData("subscribe", "tok", null)]
    [InlineData("subscribe", "to", "1")]
    public void Anything_else_is_refused(string? mode, string? token, string? challenge) =>
        WebhookHandshake.Verify(mode, token, challenge, "tok").Should().BeNull();
}
