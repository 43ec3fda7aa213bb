using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ConsularHelpdesk.Triage;

/// <summary>
/// The checks every roster and agent change passes before it is read: from the triage page's origin only, as JSON (a
/// form or text/plain can be posted by any site without a preflight), within the JSON body limit.
/// </summary>
internal static class ChangeGuard
{
    public static IResult? Refuse(HttpContext context, bool hasBody)
    {
        var request = context.Request;
        if (CrossSiteRequests.IsCrossSite(request))
        {
            return TypedResults.Problem("Changes are accepted from the triage page only, not from another site.", statusCode: StatusCodes.Status403Forbidden);
        }

        if (!hasBody)
        {
            return null;
        }

        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem("Send changes as JSON (Content-Type: application/json).", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = InputLimits.JsonBodyBytes;
        }

        return request.ContentLength > InputLimits.JsonBodyBytes
            ? TypedResults.Problem($"The request body is larger than {InputLimits.JsonBodyBytes / 1024} KiB.", statusCode: StatusCodes.Status413PayloadTooLarge)
            : null;
    }

    /// <summary>A 400 naming the field, as problem details with <c>errors</c>.</summary>
    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: $"{field}: {message}");
}
