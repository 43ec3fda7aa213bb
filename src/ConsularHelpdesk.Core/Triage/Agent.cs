using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Triage;

[JsonConverter(typeof(JsonStringEnumConverter<AgentRole>))]
public enum AgentRole
{
    /// <summary>Answers for their posts.</summary>
    Agent,

    /// <summary>Their posts, plus the posts they cover at night, on weekends and holidays.</summary>
    DutyOfficer,

    /// <summary>A region (a list of posts) or, with "*", every post.</summary>
    Supervisor,

    /// <summary>Every post.</summary>
    Admin,
}

/// <summary>A signed-in consular agent and what they may see.</summary>
public sealed record Agent(string Id, string Name, AgentRole Role, IReadOnlyList<string> Posts, string Language)
{
    public const string AllPosts = "*";

    public bool CanAccess(string postId) =>
        Role == AgentRole.Admin || Posts.Contains(AllPosts) || Posts.Contains(postId, StringComparer.Ordinal);
}
