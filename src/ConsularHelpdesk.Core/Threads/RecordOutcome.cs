namespace ConsularHelpdesk.Threads;

/// <summary>Whether recording a message wrote it, or found it there already (a redelivery, an echo of ours).</summary>
internal enum RecordOutcome
{
    Stored,
    Duplicate,
}
