using Microsoft.AspNetCore.Http;

namespace ConsularHelpdesk.Http;

/// <summary>
/// The headers every answer of both hosts carries (page, API, webhooks, development sign-in, errors): the page's
/// Content-Security-Policy as a real header, because a <c>&lt;meta&gt;</c> policy cannot forbid framing
/// (<c>frame-ancestors</c>) and does not cover what the browser opens directly (an API answer, the handshake's echo).
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// What the triage page needs and nothing more: the same directives as the <c>&lt;meta&gt;</c> policy of
    /// wwwroot/index.html (keep both alike; a test compares them), plus <c>frame-ancestors 'none'</c> against clickjacking.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; require-trusted-types-for 'script'; trusted-types 'none'; " +
        "frame-ancestors 'none'";

    /// <summary>
    /// For a citizen's file served to an agent: the page's policy in a sandbox, so that a file opened by its address
    /// (a new tab) never runs script or reaches the page's origin, whatever its bytes.
    /// </summary>
    public const string FilePolicy = ContentSecurityPolicy + "; sandbox";

    /// <summary>Sets the headers; a policy the answer set already (a file's <see cref="FilePolicy"/>) stays.</summary>
    public static void Apply(HttpResponse response)
    {
        if (string.IsNullOrEmpty(response.Headers.ContentSecurityPolicy))
        {
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }

        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
