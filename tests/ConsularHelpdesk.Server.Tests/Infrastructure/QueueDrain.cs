using Azure.Data.Tables;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>Positive signals that processing has finished, to wait for before asserting that something did not happen.</summary>
internal static class QueueDrain
{
    /// <summary>
    /// Waits until the inbound, outbound, crisis-tagging and media queues hold no message, visible or in flight (a message leaves its queue only
    /// once its handler finished: anything it would have sent has been sent), and the poison queues neither.
    /// </summary>
    public static async Task<bool> DrainedAsync(HelpdeskInstance helpdesk)
    {
        var names = helpdesk.Storage.Names;
        string[] queues = [names.InboundQueue, names.OutboundQueue, names.CrisisTaggingQueue, names.MediaQueue];
        return await HelpdeskInstance.EventuallyAsync(
            async () =>
            {
                var total = 0;
                foreach (var queue in queues)
                {
                    total += (await helpdesk.Storage.Queue(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount;
                }

                return total;
            },
            count => count == 0) == 0;
    }

    /// <summary>How many messages wait in the poison queue of the inbound queue.</summary>
    public static async Task<int> InboundPoisonCountAsync(HelpdeskInstance helpdesk) =>
        (await helpdesk.Storage.Queue(helpdesk.Storage.Names.InboundQueue + "-poison").GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>Every row of a table.</summary>
    public static async Task<List<TableEntity>> RowsAsync(TableClient table)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
