namespace ConsularHelpdesk.Coverage;

/// <summary>A stretch in which a post is closed and nobody covers it, UTC, end excluded.</summary>
internal sealed record CoverGap(string Post, DateTimeOffset From, DateTimeOffset To);
