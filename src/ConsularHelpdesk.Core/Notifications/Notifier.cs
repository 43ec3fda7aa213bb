namespace ConsularHelpdesk.Notifications;

/// <summary>
/// The two channels behind <see cref="INotifier"/>: the page alert is the record (its Add fails on a notification
/// there already), and only the caller whose Add succeeded posts the webhooks, so nothing is ever repeated.
/// </summary>
internal sealed class Notifier(PageAlerts alerts, NotificationWebhooks webhooks) : INotifier
{
    public async Task<bool> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        if (!await alerts.RecordAsync(notification, cancellationToken))
        {
            return false;
        }

        await webhooks.SendAsync(notification, cancellationToken);
        return true;
    }
}
