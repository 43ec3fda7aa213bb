namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>What a Messenger citizen received from the helpdesk, as the fake Graph API recorded it.</summary>
internal static class MessengerTexts
{
    /// <summary>The texts the citizen <paramref name="psid"/> received, once at least <paramref name="count"/> are there.</summary>
    public static async Task<List<string>> SentToAsync(HelpdeskInstance helpdesk, string psid, int count = 1)
    {
        var sent = await HelpdeskInstance.EventuallyAsync(
            () => Task.FromResult(helpdesk.Graph.Received.Where(r => r.Body?["recipient"]?["id"]?.GetValue<string>() == psid).ToList()),
            r => r.Count >= count);
        return [.. sent.Select(r => r.Body!["message"]!["text"]!.GetValue<string>())];
    }
}
