namespace ConsularHelpdesk.Functions.Tests;

/// <summary>
/// The test classes that start their own Azurite: run one after the other, so that two starting at once never pick the
/// same free ports (each picks its ports, then starts).
/// </summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection
{
    public const string Name = "Azurite";
}
