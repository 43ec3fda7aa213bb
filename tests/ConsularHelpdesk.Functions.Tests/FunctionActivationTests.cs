using System.Reflection;
using ConsularHelpdesk.Functions.Ingest;
using ConsularHelpdesk.Functions.Replies;
using ConsularHelpdesk.Functions.Webhooks;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ConsularHelpdesk.Functions.Tests;

/// <summary>
/// The worker runs a function only in a public class, which its default activator builds with
/// <see cref="ActivatorUtilities"/> from the app's services: public constructors only. Core's services keep internal
/// constructors (docs/architecture.md, "What Core exposes") and are registered with factories, so every trigger class
/// must still be built this way from the services the app registers.
/// </summary>
public sealed class FunctionActivationTests : IDisposable
{
    private readonly ServiceProvider _services = TestServices.Create();

    public void Dispose() => _services.Dispose();

    public static TheoryData<string> TriggerClasses => [.. TriggerTypes().Select(t => t.FullName!)];

    [Theory]
    [MemberData(nameof(TriggerClasses))]
    public void Every_trigger_class_is_public_and_built_from_the_apps_services_as_the_worker_builds_it(string name)
    {
        var type = typeof(WebhookFunctions).Assembly.GetType(name)!;

        type.IsPublic.Should().BeTrue("the worker runs functions of public classes only");
        ActivatorUtilities.CreateInstance(_services, type).Should().BeOfType(type);
    }

    [Fact]
    public void The_triggers_that_take_a_core_service_are_among_those_checked() =>
        TriggerTypes().Should().Contain([typeof(WebhookFunctions), typeof(InboundQueueFunction), typeof(OutboundQueueFunction), typeof(StuckReplySweepFunction), typeof(ConsularHelpdesk.Functions.Targets.ResponseTargetSweepFunction), typeof(ConsularHelpdesk.Functions.Targets.CoverGapAlertFunction), typeof(ConsularHelpdesk.Functions.Triage.CrisisTaggingFunction), typeof(ConsularHelpdesk.Functions.Broadcasts.BroadcastQueueFunction), typeof(ConsularHelpdesk.Functions.Media.MediaQueueFunction), typeof(ConsularHelpdesk.Functions.Privacy.RetentionSweepFunction)]);

    private static IEnumerable<Type> TriggerTypes() =>
        typeof(WebhookFunctions).Assembly.GetTypes().Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null));
}
