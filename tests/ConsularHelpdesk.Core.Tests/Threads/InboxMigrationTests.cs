using ConsularHelpdesk.Routing.Catalog;

namespace ConsularHelpdesk.Threads;

/// <summary>Which Inbox partitions the migration takes for the layout before issue 9: exactly those without a prefix of the current one.</summary>
public sealed class InboxMigrationTests
{
    [Fact]
    public void No_post_id_of_the_catalogue_starts_with_a_partition_prefix_of_the_current_layout()
    {
        // An old row of such a post would fall outside the migration's key ranges and never be moved.
        PostCatalog.LoadEmbedded().Posts.Select(p => p.Id)
            .Should().NotContain(id => InboxKeys.PartitionPrefixes.Any(prefix => id.StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_key_ranges_leave_out_every_prefix_of_the_current_layout_and_nothing_else()
    {
        var filters = InboxMigration.OldLayoutFilters().ToList();

        filters.Should().Equal(
            "PartitionKey lt 'closed-'",
            "PartitionKey ge 'closed.' and PartitionKey lt 'marker-'",
            "PartitionKey ge 'marker.' and PartitionKey lt 'open-'",
            "PartitionKey ge 'open.'");
    }
}
