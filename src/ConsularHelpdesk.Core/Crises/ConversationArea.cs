using ConsularHelpdesk.Routing;
using ConsularHelpdesk.Routing.Catalog;

namespace ConsularHelpdesk.Crises;

/// <summary>
/// The area a conversation is from, as routing placed it: the place routing found (a shared location, a place in the
/// text or the intake answer, the phone number's country), else the country of the post whose page or number the
/// citizen wrote to (or that an agent transferred it to). A subdivision (ISO 3166-2) is known only where routing found
/// one, which it looks for only in the countries split between posts. The central desk with no place: no area.
/// </summary>
internal sealed class ConversationArea(PostCatalog catalog)
{
    /// <param name="postId">The header's post.</param>
    /// <param name="routingPlace">The header's <c>RoutingPlace</c>: "BR" or "BR-RS" (<see cref="Place.ToString"/>).</param>
    public Place? Of(string? postId, string? routingPlace)
    {
        if (Parse(routingPlace) is { } place)
        {
            return place;
        }

        return postId is { Length: > 0 } && postId != Posts.Central && catalog.TryGet(postId, out var post) && post.Country is [_, _]
            ? new Place(post.Country)
            : null;
    }

    /// <summary>"BR" → (BR), "BR-RS" → (BR, BR-RS); anything else null.</summary>
    public static Place? Parse(string? area)
    {
        if (string.IsNullOrWhiteSpace(area))
        {
            return null;
        }

        var code = area.Trim().ToUpperInvariant();
        if (code is [>= 'A' and <= 'Z', >= 'A' and <= 'Z'])
        {
            return new Place(code);
        }

        return code.Length is >= 4 and <= 6 && code[2] == '-' && code[..2] is [>= 'A' and <= 'Z', >= 'A' and <= 'Z'] && code[3..].All(char.IsAsciiLetterOrDigit)
            ? new Place(code[..2], code)
            : null;
    }
}
