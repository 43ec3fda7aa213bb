using System.Security.Cryptography;
using System.Text;

namespace ConsularHelpdesk.Ingest;

/// <summary>Meta's subscription check: <c>GET ?hub.mode=subscribe&amp;hub.verify_token=…&amp;hub.challenge=…</c>.</summary>
internal static class WebhookHandshake
{
    /// <summary>The challenge to echo back as text/plain, or null when the request must get 403.</summary>
    public static string? Verify(string? mode, string? token, string? challenge, string expectedToken)
    {
        if (mode != "subscribe" || token is null || challenge is null)
        {
            return null;
        }

        var equal = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(expectedToken));
        return equal ? challenge : null;
    }
}
