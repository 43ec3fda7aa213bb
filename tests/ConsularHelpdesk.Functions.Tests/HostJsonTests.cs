using System.Globalization;
using System.Text.Json.Nodes;
using ConsularHelpdesk.Ingest;

namespace ConsularHelpdesk.Functions.Tests;

/// <summary>host.json as deployed: the queue trigger's batching, retries and encoding are deliberate.</summary>
public sealed class HostJsonTests
{
    private static readonly JsonObject Host = FunctionsApp.Read("host.json").AsObject();
    private static readonly JsonObject Queues = Host["extensions"]!["queues"]!.AsObject();

    private static TimeSpan Duration(JsonNode? node) => TimeSpan.Parse((string)node!, CultureInfo.InvariantCulture);

    [Fact]
    public void TheHostIsVersionTwoWithTheApiRoutePrefix()
    {
        ((string?)Host["version"]).Should().Be("2.0");
        ((string?)Host["extensions"]!["http"]!["routePrefix"]).Should().Be("api", "Meta is configured with /api/webhooks/...");
    }

    [Fact]
    public void TheQueueTriggerTakesBatchesOf16AndFetchesMoreBelow8()
    {
        ((int)Queues["batchSize"]!).Should().Be(16);
        ((int)Queues["newBatchThreshold"]!).Should().Be(8);
    }

    [Fact]
    public void AFailedMessageIsRetriedAfterFiveSecondsAndPoisonedAfterFiveAttempts()
    {
        ((int)Queues["maxDequeueCount"]!).Should().Be(5);
        Duration(Queues["visibilityTimeout"]).Should().Be(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void AnEmptyQueueIsPolledAtLeastEveryTwoSeconds() =>
        Duration(Queues["maxPollingInterval"]).Should().Be(TimeSpan.FromSeconds(2));

    [Fact]
    public void MessagesAreDecodedAsBase64LikeTheCoreEncodesThem() =>
        ((string?)Queues["messageEncoding"]).Should().Be("base64");

    [Fact]
    public void TheSelfHostPumpDefaultsRetryLikeTheFunctionsHost()
    {
        var pump = new QueuePumpOptions();
        pump.BatchSize.Should().Be((int)Queues["batchSize"]!);
        pump.MaxDequeueCount.Should().Be((int)Queues["maxDequeueCount"]!);
        pump.RetryDelay.Should().Be(Duration(Queues["visibilityTimeout"]));
    }

    [Fact]
    public void AFunctionRunIsBoundedByATimeoutWithinTheConsumptionPlanLimit() =>
        Duration(Host["functionTimeout"]).Should().BePositive().And.BeLessThanOrEqualTo(TimeSpan.FromMinutes(10));

    [Fact]
    public void AMediaDownloadEndsWithinAFunctionRunSoThatItsFailureIsCounted() =>
        new ConsularHelpdesk.Media.MediaOptions().DownloadTimeout.Should().BeLessThan(Duration(Host["functionTimeout"]));

    [Fact]
    public void RequestBodiesAndStorageRequestDetailsAreNotLogged()
    {
        var levels = Host["logging"]!["logLevel"]!.AsObject();
        ((string?)levels["Microsoft.AspNetCore.HttpLogging"]).Should().Be("None");
        ((string?)levels["Azure.Core"]).Should().Be("Warning");
    }
}
