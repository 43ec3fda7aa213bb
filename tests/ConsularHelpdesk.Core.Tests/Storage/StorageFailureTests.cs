using Azure;
using ConsularHelpdesk.Storage;

namespace ConsularHelpdesk.Core.Tests.Storage;

public sealed class StorageFailureTests
{
    public static TheoryData<Exception> Outages => new()
    {
        new RequestFailedException(503, "Server busy"),
        new RequestFailedException(0, "No response"),
        new HttpRequestException("Connection refused"),
        new TaskCanceledException("The operation exceeded the configured timeout"),
        new OperationCanceledException("A timeout surfaced as a plain cancellation"),
        new TimeoutException(),
        new AggregateException(new TaskCanceledException(), new RequestFailedException(500, "Internal")),
    };

    public static TheoryData<Exception> Faults => new()
    {
        new RequestFailedException(409, "Conflict"),
        new RequestFailedException(412, "Precondition failed"),
        new InvalidOperationException(),
        new AggregateException(new TaskCanceledException(), new InvalidOperationException()),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void Storage_that_cannot_be_reached_or_answers_in_time_is_an_outage(Exception e) => StorageFailure.IsOutage(e).Should().BeTrue();

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_logical_error_is_not_an_outage(Exception e) => StorageFailure.IsOutage(e).Should().BeFalse();
}
