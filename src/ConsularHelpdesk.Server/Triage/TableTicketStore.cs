using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using ConsularHelpdesk.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;

namespace ConsularHelpdesk.Server.Triage;

/// <summary>
/// Keeps the sign-in cookie's ticket server-side (the cookie holds only a random key), so that signing out deletes
/// the session and a copied or reused cookie is refused. The table is the truth for every instance; a short memory
/// cache in front spares a storage read per request, at the price that another instance may accept a signed-out
/// cookie for up to <see cref="CacheFor"/> (the instance that signed out refuses it at once).
/// </summary>
internal sealed class TableTicketStore(StorageClients storage, IMemoryCache cache, TimeProvider time) : ITicketStore
{
    private const string Row = "session";

    /// <summary>Short: it bounds how long a session signed out on one instance lives on in another's cache.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private TableClient Sessions => storage.Table(storage.Names.Sessions);

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await Sessions.AddEntityAsync(ToEntity(key, ticket), cancellationToken);
        Remember(key, ticket);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    /// <summary>
    /// Only ever updates: a session signed out meanwhile (on this instance or another, whose cache still held it) stays
    /// gone instead of being written back for another twelve hours.
    /// </summary>
    public async Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        try
        {
            await Sessions.UpdateEntityAsync(ToEntity(key, ticket), ETag.All, TableUpdateMode.Replace, cancellationToken);
            Remember(key, ticket);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            cache.Remove(CacheKey(key));
        }
    }

    private TableEntity ToEntity(string key, AuthenticationTicket ticket) => new(key, Row)
    {
        ["Ticket"] = TicketSerializer.Default.Serialize(ticket),
        ["ExpiresAt"] = ticket.Properties.ExpiresUtc ?? time.GetUtcNow().AddHours(12),
    };

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey(key), out AuthenticationTicket? cached))
        {
            return cached;
        }

        // The key comes from a cookie: anything but our own hex keys is no session.
        if (key.Length != 64 || !key.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        var response = await Sessions.GetEntityIfExistsAsync<TableEntity>(key, Row, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value!.GetBinary("Ticket") is not { } bytes)
        {
            return null;
        }

        if (response.Value.GetDateTimeOffset("ExpiresAt") is { } expires && expires <= time.GetUtcNow())
        {
            await RemoveAsync(key, cancellationToken);
            return null;
        }

        var ticket = TicketSerializer.Default.Deserialize(bytes);
        if (ticket is not null)
        {
            Remember(key, ticket);
        }

        return ticket;
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        cache.Remove(CacheKey(key));
        try
        {
            await Sessions.DeleteEntityAsync(key, Row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone: signed out twice, or expired and removed.
        }
    }

    // The cookie handler checks the ticket's own expiry on every request; the cache only needs to forget soon.
    private void Remember(string key, AuthenticationTicket ticket) => cache.Set(CacheKey(key), ticket, CacheFor);

    private static string CacheKey(string key) => "session:" + key;
}
