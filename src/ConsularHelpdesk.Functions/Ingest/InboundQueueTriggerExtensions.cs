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
                    && new StorageNames(o.Prefix).OutboundQueue == Replies.OutboundQueueFunction.QueueName
                    && new StorageNames(o.Prefix).CrisisTaggingQueue == Triage.CrisisTaggingFunction.QueueName,
                $"Storage:Prefix must be empty in the Functions app: the queue triggers listen on the fixed queues '{InboundQueueFunction.QueueName}', '{Replies.OutboundQueueFunction.QueueName}' and '{Triage.CrisisTaggingFunction.QueueName}'.")
            .ValidateOnStart();
        return services;
    }
}
