using ConsularHelpdesk.Distress;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConsularHelpdesk.Functions.Tests.Distress;

/// <summary>The Functions app has the distress assessor (registered by AddHelpdeskCore) and checks its lists at start.</summary>
public sealed class DistressServicesTests
{
    [Fact]
    public void The_functions_app_assesses_distress_and_warms_the_lists_at_start()
    {
        using var services = TestServices.Create();

        services.GetServices<IHostedService>().Should().ContainSingle(s => s is DistressWarmup);
        services.GetRequiredService<IDistressAssessor>().Assess("Ich bin in Lissabon im Krankenhaus nach einem Unfall, bitte helfen Sie", null)
            .Should().BeEquivalentTo(new { Language = "de", Level = DistressLevel.Urgent, Categories = new[] { DistressCategories.Hospital, DistressCategories.Accident } });
    }
}
