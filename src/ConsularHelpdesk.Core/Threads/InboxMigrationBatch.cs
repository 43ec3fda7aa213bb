namespace ConsularHelpdesk.Threads;

/// <summary>What one page of old-layout rows came to: counts only, since the output is read by people and kept in logs.</summary>
/// <param name="Number">The page's number in this run, from 1.</param>
/// <param name="Moved">Rows now in the new layout (in a dry run: that would be moved).</param>
/// <param name="RemovedWithoutHeader">Rows of conversations whose header is gone, removed (in a dry run: that would be).</param>
/// <param name="Left">Rows left in place: changed while the run held them, or their header changed on every attempt; the next run takes them.</param>
internal sealed record InboxMigrationBatch(int Number, int Moved, int RemovedWithoutHeader, int Left);
