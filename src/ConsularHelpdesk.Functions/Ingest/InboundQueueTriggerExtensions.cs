using ConsularHelpdesk.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Ingest;

public static class InboundQueueTriggerExtensions
{
    /// <summary>Stops the app at start when the core would queue webhooks elsewhere than the trigger listens.</summary>
    public static IServiceCollection AddInboundQueueTrigger(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .Validate(
                o => new StorageNames(o.Prefix).InboundQueue == InboundQueueFunction.QueueName
                    && new StorageNames(o.Prefix).OutboundQueue == Replies.OutboundQueueFunction.QueueName,
                $"Storage:Prefix must be empty in the Functions app: the queue triggers listen on the fixed queues '{InboundQueueFunction.QueueName}' and '{Replies.OutboundQueueFunction.QueueName}'.")
            .ValidateOnStart();
        return services;
    }
}
