using System.Globalization;
using System.Net.Http.Json;
using ConsularHelpdesk.Coverage;
using ConsularHelpdesk.Routing.Catalog;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>Roster and agent administration calls as the page makes them (JSON), and instants chosen from the real office hours.</summary>
internal static class RosterRequests
{
    public static Task<HttpResponseMessage> PutAgentAsync(this HttpClient admin, string id, string name, string role, string[] posts, string language = "en") =>
        admin.PutAsJsonAsync($"api/triage/admin/agents/{id}", new { name, role, posts, language });

    /// <summary>A shift, its times written as local times of the target's zone.</summary>
    public static Task<HttpResponseMessage> AddShiftAsync(this HttpClient editor, string agentId, string target, string start, string end, string? note = null) =>
        editor.PostAsJsonAsync("api/triage/roster/shifts", new { agentId, target, start, end, note });

    /// <summary>The instant as the target's wall clock, written as the roster API takes it.</summary>
    public static string Local(this HelpdeskInstance helpdesk, string target, DateTimeOffset instant) =>
        helpdesk.Services.GetRequiredService<RosterTargets>().Find(target)!.ToLocal(instant).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// An instant at least a day from now (so that it is the future for sign-in and the roster alike) at which the post
    /// is closed, and the instant it opens next, both from the office-hours data the app uses.
    /// </summary>
    public static (DateTimeOffset Closed, DateTimeOffset Opens) ClosedThenOpen(string post)
    {
        var hours = new OfficeHours(OfficeHoursCalendar.LoadEmbedded(PostCatalog.LoadEmbedded()), new HostCountryHolidays());
        var at = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(2), TimeSpan.Zero);
        while (hours.IsOpen(post, at))
        {
            at = at.AddHours(1);
        }

        var opens = hours.NextOpening(post, at)!.Value;
        var closed = opens.AddMinutes(-30) > at ? opens.AddMinutes(-30) : at;
        return (closed, opens);
    }
}
