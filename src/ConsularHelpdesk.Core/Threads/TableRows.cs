using Azure;
using Azure.Data.Tables;

namespace ConsularHelpdesk.Threads;

/// <summary>The two row operations every part of the thread store uses.</summary>
internal static class TableRows
{
    /// <summary>One point read; null when the row does not exist (no exception for the usual case).</summary>
    public static async Task<T?> GetAsync<T>(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        var response = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Adds a row whose key derives from what it records: there already means written by an earlier attempt.</summary>
    public static async Task AddIgnoringConflictAsync(this TableClient table, ITableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
    }
}
