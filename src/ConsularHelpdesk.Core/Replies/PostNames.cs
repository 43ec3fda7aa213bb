using ConsularHelpdesk.Routing.Catalog;

namespace ConsularHelpdesk.Replies;

/// <summary>
/// "to" and a post's name as each language says it, for the post notice's <c>{post}</c>: "to the Embassy of Belgium in
/// Lisbon", "aan de Ambassade van België in Lissabon", "à l'Ambassade de Belgique à Lisbonne", "an die Botschaft von
/// Belgien in Lissabon". The article follows the kind of post (a consulate general is <i>het</i> in Dutch, <i>au</i> in
/// French, <i>das</i> in German), so that the texts need no grammar of their own.
/// </summary>
internal static class PostNames
{
    public static string ToPost(Post post, string language)
    {
        var name = post.NameIn(language);
        return language switch
        {
            "nl" => (post.Kind is PostKind.ConsulateGeneral or PostKind.Other ? "aan het " : "aan de ") + name,
            "fr" => post.Kind switch
            {
                PostKind.Embassy => "à l'" + name,
                PostKind.PermanentRepresentation => "à la " + name,
                _ => "au " + name,
            },
            "de" => (post.Kind is PostKind.ConsulateGeneral or PostKind.Other ? "an das " : "an die ") + name,
            _ => "to the " + name,
        };
    }
}
