using System.Text.Json.Serialization;

namespace ConsularHelpdesk.Triage;

[JsonConverter(typeof(JsonStringEnumConverter<AgentRole>))]
internal enum AgentRole
{
    /// <summary>Answers for their posts.</summary>
    [JsonStringEnumMemberName("agent")]
    Agent,

    /// <summary>Their posts, plus the posts they cover at night, on weekends and holidays.</summary>
    [JsonStringEnumMemberName("dutyOfficer")]
    DutyOfficer,

    /// <summary>A region (a list of posts) or, with "*", every post.</summary>
    [JsonStringEnumMemberName("supervisor")]
    Supervisor,

    /// <summary>Every post.</summary>
    [JsonStringEnumMemberName("admin")]
    Admin,
}

/// <summary>A signed-in consular agent and what they may see.</summary>
internal sealed record Agent(string Id, string Name, AgentRole Role, IReadOnlyList<string> Posts, string Language)
{
    public const string AllPosts = "*";

    public bool CanAccess(string postId) =>
        Role == AgentRole.Admin || Posts.Contains(AllPosts) || Posts.Contains(postId, StringComparer.Ordinal);
}
