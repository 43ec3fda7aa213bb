using System.ComponentModel.DataAnnotations;

namespace ConsularHelpdesk.Notifications;

/// <summary>Where notifications go besides the triage page: webhooks per agent or per tier (section <c>Notifications</c>).</summary>
internal sealed class NotificationOptions : IValidatableObject
{
    public const string Section = "Notifications";

    /// <summary>Each: an agent id or a role (postDuty, regionalHub, centralDesk, supervisor, admin), and the URL that gets the JSON.</summary>
    public List<WebhookTarget> Webhooks { get; set; } = [];

    /// <summary>Retries of a webhook that answers 5xx or 429 (or cannot be reached), with exponential backoff.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one webhook may hold the sweep, retries included: a receiver that hangs costs at most this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Webhooks.Count; i++)
        {
            var hook = Webhooks[i];
            if (string.IsNullOrWhiteSpace(hook.AgentId) == string.IsNullOrWhiteSpace(hook.Role))
            {
                yield return new ValidationResult($"Notifications:Webhooks:{i}: give either AgentId or Role, not both or neither.");
            }

            if (hook.Role is { Length: > 0 } role && !WebhookTarget.Roles.Contains(role))
            {
                yield return new ValidationResult($"Notifications:Webhooks:{i}: Role '{role}' is none of {string.Join(", ", WebhookTarget.Roles)}.");
            }

            if (hook.Url is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                yield return new ValidationResult($"Notifications:Webhooks:{i}: Url must be an absolute http(s) URL.");
            }
        }
    }
}

/// <summary>One webhook: for one agent (<see cref="AgentId"/>) or every agent told in a tier (<see cref="Role"/>), posted once per notification.</summary>
internal sealed class WebhookTarget
{
    public static readonly string[] Roles = ["postDuty", "regionalHub", "centralDesk", "supervisor", "admin"];

    public string? AgentId { get; set; }

    public string? Role { get; set; }

    public Uri? Url { get; set; }
}
