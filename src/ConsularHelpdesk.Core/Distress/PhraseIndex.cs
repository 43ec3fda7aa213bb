using System.Collections.Frozen;
using ConsularHelpdesk.Routing.Text;

namespace ConsularHelpdesk.Distress;

/// <summary>Where a phrase of the index was found: the entry and its first and last word (token indexes).</summary>
internal readonly record struct PhraseHit(int Entry, int First, int Last);

/// <summary>
/// The phrases of one language's list compiled for matching. Hand-written: no phrase-matching library is available
/// to this project, and a regular expression per phrase per message would cost far more than the 50 µs a message may
/// take. Two tries, built once at start: a character trie maps each word of the text to the list's words it can be
/// (an exact word and every prefix word "verhaft*" it starts with), and a word trie walks the phrases from each word
/// of the text, so the cost grows with the text, not with the number of phrases.
/// </summary>
internal sealed class PhraseIndex
{
    private const int Root = 0;

    // Word trie: (node, char) → node; per node the id of the exact word ending there and of the prefix word ending there.
    private readonly FrozenDictionary<long, int> _charEdges;
    private readonly int[] _exactWord;
    private readonly int[] _prefixWord;

    // Phrase trie: (node, word id) → node; per node the entries ending there and the node reached through a gap.
    private readonly FrozenDictionary<long, int> _wordEdges;
    private readonly int[][] _ends;
    private readonly int[] _gap;

    private PhraseIndex(
        FrozenDictionary<long, int> charEdges, int[] exactWord, int[] prefixWord, FrozenDictionary<long, int> wordEdges, int[][] ends, int[] gap, PhraseEntry[] entries)
    {
        _charEdges = charEdges;
        _exactWord = exactWord;
        _prefixWord = prefixWord;
        _wordEdges = wordEdges;
        _ends = ends;
        _gap = gap;
        Entries = entries;
    }

    public IReadOnlyList<PhraseEntry> Entries { get; }

    public static PhraseIndex Build(IReadOnlyList<(PhraseEntry Entry, PhrasePattern Pattern)> phrases)
    {
        var wordIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var charEdges = new Dictionary<long, int>();
        var exactWord = new List<int> { -1 };
        var prefixWord = new List<int> { -1 };
        var wordEdges = new Dictionary<long, int>();
        var ends = new List<List<int>> { new() };
        var gap = new List<int> { -1 };

        for (var e = 0; e < phrases.Count; e++)
        {
            var node = Root;
            foreach (var word in phrases[e].Pattern.Words)
            {
                if (word.GapBefore)
                {
                    if (gap[node] < 0)
                    {
                        gap[node] = ends.Count;
                        ends.Add([]);
                        gap.Add(-1);
                    }

                    node = gap[node];
                }

                var id = WordId(word);
                var key = ((long)node << 32) | (uint)id;
                if (!wordEdges.TryGetValue(key, out var next))
                {
                    next = ends.Count;
                    wordEdges[key] = next;
                    ends.Add([]);
                    gap.Add(-1);
                }

                node = next;
            }

            ends[node].Add(e);
        }

        return new PhraseIndex(
            charEdges.ToFrozenDictionary(), [.. exactWord], [.. prefixWord], wordEdges.ToFrozenDictionary(), [.. ends.Select(l => l.ToArray())], [.. gap], [.. phrases.Select(p => p.Entry)]);

        int WordId(PhraseWord word)
        {
            if (wordIds.TryGetValue(word.Key, out var known))
            {
                return known;
            }

            var id = wordIds.Count;
            wordIds[word.Key] = id;
            var node = Root;
            foreach (var c in word.Norm)
            {
                var key = ((long)node << 16) | c;
                if (!charEdges.TryGetValue(key, out var next))
                {
                    next = exactWord.Count;
                    charEdges[key] = next;
                    exactWord.Add(-1);
                    prefixWord.Add(-1);
                }

                node = next;
            }

            if (word.IsPrefix)
            {
                prefixWord[node] = id;
            }
            else
            {
                exactWord[node] = id;
            }

            return id;
        }
    }

    /// <summary>Every phrase of the index found in <paramref name="tokens"/> (words of one sentence only across a gap).</summary>
    /// <param name="sentence">The sentence of each token (same length as <paramref name="tokens"/>).</param>
    public void FindAll(IReadOnlyList<Token> tokens, int[] sentence, List<PhraseHit> hits)
    {
        // The list's words each token can be: a run of ids per token in one buffer.
        var offsets = new int[tokens.Count + 1];
        var buffer = new List<int>(tokens.Count);
        for (var t = 0; t < tokens.Count; t++)
        {
            offsets[t] = buffer.Count;
            var norm = tokens[t].Norm;
            var node = Root;
            var whole = true;
            foreach (var c in norm)
            {
                if (!_charEdges.TryGetValue(((long)node << 16) | c, out node))
                {
                    whole = false;
                    break;
                }

                if (_prefixWord[node] >= 0)
                {
                    buffer.Add(_prefixWord[node]);
                }
            }

            if (whole && _exactWord[node] >= 0)
            {
                buffer.Add(_exactWord[node]);
            }
        }

        offsets[tokens.Count] = buffer.Count;
        if (buffer.Count == 0)
        {
            return;
        }

        for (var start = 0; start < tokens.Count; start++)
        {
            if (offsets[start] < offsets[start + 1])
            {
                Walk(Root, start, start);
            }
        }

        void Walk(int node, int at, int first)
        {
            Step(node, at, first);
            var gapNode = _gap[node];
            if (gapNode >= 0)
            {
                for (var skip = 1; skip <= PhrasePattern.MaxGap && at + skip < tokens.Count && sentence[at + skip] == sentence[at - 1]; skip++)
                {
                    Step(gapNode, at + skip, first);
                }

                Step(gapNode, at, first);
            }
        }

        void Step(int node, int at, int first)
        {
            if (at >= tokens.Count || (at > first && sentence[at] != sentence[first]))
            {
                return;
            }

            for (var i = offsets[at]; i < offsets[at + 1]; i++)
            {
                if (_wordEdges.TryGetValue(((long)node << 32) | (uint)buffer[i], out var next))
                {
                    foreach (var entry in _ends[next])
                    {
                        hits.Add(new PhraseHit(entry, first, at));
                    }

                    Walk(next, at + 1, first);
                }
            }
        }
    }
}
