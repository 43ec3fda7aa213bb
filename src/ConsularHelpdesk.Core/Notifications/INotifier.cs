namespace ConsularHelpdesk.Notifications;

/// <summary>Tells a person something, once: in their triage page's alerts and through the webhooks configured for them.</summary>
internal interface INotifier
{
    /// <returns>False when this notification was recorded before (by this sweep or a concurrent one): nothing is sent again.</returns>
    Task<bool> SendAsync(Notification notification, CancellationToken cancellationToken);
}
