namespace ConsularHelpdesk.Threads;

/// <summary>What the contacts step of <c>migrate-storage</c> did: contact rows read, written again (or to write, on a dry run), left unreadable.</summary>
internal sealed record ContactEncryptionCounts(int Read, int Written, int Unreadable);
