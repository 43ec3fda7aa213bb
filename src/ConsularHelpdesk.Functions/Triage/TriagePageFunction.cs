using ConsularHelpdesk.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Azure.Functions.Worker;

namespace ConsularHelpdesk.Functions.Triage;

/// <summary>
/// The triage page (static files deployed under wwwroot/) at /api/app/. Anonymous: the files hold no data; the
/// page signs in through Easy Auth and calls /api/triage, which checks every request.
/// </summary>
public sealed class TriagePageFunction
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    [Function("TriagePage")]
    public static IResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "app/{*file}")] HttpRequest request,
        string? file)
    {
        SecurityHeaders.Apply(request.HttpContext.Response);
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var path = Path.GetFullPath(Path.Combine(root, string.IsNullOrEmpty(file) ? "index.html" : file));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
        {
            return TypedResults.NotFound();
        }

        if (!ContentTypes.TryGetContentType(path, out var contentType))
        {
            contentType = "application/octet-stream";
        }

        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        return TypedResults.PhysicalFile(path, contentType);
    }
}
