using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// Who signed in, from the claims of whichever sign-in the host uses: App Service Authentication (Easy Auth,
/// the <c>X-MS-CLIENT-PRINCIPAL</c> header), a JWT bearer token, or the development sign-in. What the person may
/// see comes from the <see cref="AgentDirectory"/>, not from the token.
/// </summary>
internal static class AgentClaims
{
    public const string EasyAuthHeader = "X-MS-CLIENT-PRINCIPAL";
    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    /// <summary>
    /// True when App Service Authentication runs in front of the app (the platform sets WEBSITE_AUTH_ENABLED): only
    /// then is the principal header the platform's and not whatever a client sent.
    /// </summary>
    public static bool EasyAuthEnabled(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The agent's id: the Entra ID object id when there is one, else the subject / name identifier.</summary>
    public static string? AgentId(ClaimsPrincipal principal) =>
        principal.FindFirst(ObjectIdClaim)?.Value
        ?? principal.FindFirst("oid")?.Value
        ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value
        ?? principal.FindFirst("sub")?.Value;

    /// <summary>
    /// Reads Easy Auth's header (base64 JSON of <c>auth_typ</c>, <c>claims</c>, <c>name_typ</c>, <c>role_typ</c>).
    /// Only trust it where App Service puts it: behind Easy Auth, which strips any copy a client sends.
    /// </summary>
    public static ClaimsPrincipal? FromEasyAuthHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        try
        {
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(header));
            var principal = JsonSerializer.Deserialize(json, EasyAuthJsonContext.Default.EasyAuthPrincipal);
            if (principal?.Claims is not { Count: > 0 } claims)
            {
                return null;
            }

            var identity = new ClaimsIdentity(
                claims.Where(c => c.Typ is not null && c.Val is not null).Select(c => new Claim(c.Typ!, c.Val!)),
                principal.AuthTyp ?? "aad",
                principal.NameTyp ?? ClaimTypes.Name,
                principal.RoleTyp ?? ClaimTypes.Role);
            return new ClaimsPrincipal(identity);
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}

internal sealed record EasyAuthClaim(
    [property: JsonPropertyName("typ")] string? Typ,
    [property: JsonPropertyName("val")] string? Val);

internal sealed record EasyAuthPrincipal(
    [property: JsonPropertyName("auth_typ")] string? AuthTyp,
    [property: JsonPropertyName("claims")] List<EasyAuthClaim>? Claims,
    [property: JsonPropertyName("name_typ")] string? NameTyp,
    [property: JsonPropertyName("role_typ")] string? RoleTyp);

[JsonSerializable(typeof(EasyAuthPrincipal))]
internal sealed partial class EasyAuthJsonContext : JsonSerializerContext;
