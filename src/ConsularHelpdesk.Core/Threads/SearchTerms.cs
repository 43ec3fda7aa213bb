using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// The search terms of a conversation (each word of the contact's name, each tag, folded) and the rows that record,
/// in the conversation's own partition, which <c>SearchIndex</c> rows were written for it (<c>search-{term key}|{post}</c>):
/// so that a purge finds every row of the conversation, those of an old name, tag or post included, without reading the index.
/// </summary>
internal static class SearchTerms
{
    /// <summary>The RowKey prefix of a record row in <c>Conversations</c>.</summary>
    public const string RecordPrefix = "search-";

    /// <summary>The first RowKey after every record row.</summary>
    public const string RecordEnd = "search.";

    /// <summary>A word of a contact name, folded (case and accents) as the routing's text matching does.</summary>
    public static string NameTerm(string word) => "name:" + TextNormalizer.Fold(word);

    /// <summary>A whole tag, folded.</summary>
    public static string TagTerm(string tag) => "tag:" + TextNormalizer.Key(tag);

    /// <summary>The index row of a conversation under a term's partition.</summary>
    public static string IndexRowKey(string postId, string conversationId) => $"{postId}|{conversationId}";

    public static IEnumerable<string> Of(string? contactName, string? tags) =>
        TextNormalizer.Tokenize(contactName ?? string.Empty).Select(t => "name:" + t.Norm)
            .Concat((tags ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(t => TextNormalizer.Key(t).Length > 0).Select(TagTerm))
            .Distinct(StringComparer.Ordinal);

    /// <summary>The record row of an index row: the term's key (an HMAC, never the term) and the post.</summary>
    public static string RecordRowKey(string termKey, string postId) => $"{RecordPrefix}{termKey}|{postId}";

    /// <summary>The term key and post a record row names.</summary>
    public static (string TermKey, string PostId)? Parse(string recordRowKey)
    {
        if (!recordRowKey.StartsWith(RecordPrefix, StringComparison.Ordinal) || recordRowKey.IndexOf('|', StringComparison.Ordinal) is var bar && bar < 0)
        {
            return null;
        }

        return (recordRowKey[RecordPrefix.Length..bar], recordRowKey[(bar + 1)..]);
    }
}
