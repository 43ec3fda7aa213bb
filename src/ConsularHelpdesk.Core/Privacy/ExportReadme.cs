namespace ConsularHelpdesk.Privacy;

/// <summary>The <c>README.txt</c> of an export, in the four languages the help desk writes in.</summary>
internal static class ExportReadme
{
    public const string Text = """
        NEDERLANDS
        Dit zijn alle gegevens die de consulaire helpdesk over u bewaart (uw inzageverzoek).
        - contact.json: uw kanaal (WhatsApp of Messenger), uw gebruikers-id en telefoonnummer, uw naam zoals het kanaal die doorgaf, uw taal, wanneer u de privacyverklaring kreeg.
        - conversations/NNN-datum/conversation.json: elk gesprek: de post die het behandelde, data, status, labels, urgentie en waarom het naar die post ging.
        - conversations/NNN-datum/messages.json: elk bericht, van u ("fromYou"), aan u ("toYou") en interne notities van medewerkers ("internalNote").
        - conversations/NNN-datum/files/: de bestanden die u stuurde en die wij u stuurden, genoemd naar het tijdstip (UTC) en het volgnummer van het bericht.
        Tijden zijn in UTC.

        FRANÇAIS
        Voici toutes les données que le service d'assistance consulaire conserve à votre sujet (votre demande d'accès).
        - contact.json : votre canal (WhatsApp ou Messenger), votre identifiant et votre numéro de téléphone, votre nom tel que le canal l'a transmis, votre langue, quand vous avez reçu l'avis de confidentialité.
        - conversations/NNN-date/conversation.json : chaque conversation : le poste qui l'a traitée, les dates, l'état, les étiquettes, l'urgence et pourquoi elle est allée à ce poste.
        - conversations/NNN-date/messages.json : chaque message, de vous (« fromYou »), à vous (« toYou ») et les notes internes des agents (« internalNote »).
        - conversations/NNN-date/files/ : les fichiers que vous avez envoyés et ceux que nous vous avons envoyés, nommés d'après l'heure (UTC) et le numéro du message.
        Les heures sont en UTC.

        DEUTSCH
        Dies sind alle Daten, die der konsularische Helpdesk über Sie speichert (Ihr Auskunftsersuchen).
        - contact.json: Ihr Kanal (WhatsApp oder Messenger), Ihre Benutzer-ID und Telefonnummer, Ihr Name, wie der Kanal ihn übermittelt hat, Ihre Sprache, wann Sie den Datenschutzhinweis erhielten.
        - conversations/NNN-Datum/conversation.json: jedes Gespräch: die Vertretung, die es bearbeitet hat, Daten, Status, Schlagwörter, Dringlichkeit und warum es an diese Vertretung ging.
        - conversations/NNN-Datum/messages.json: jede Nachricht, von Ihnen („fromYou“), an Sie („toYou“) und interne Notizen der Mitarbeiter („internalNote“).
        - conversations/NNN-Datum/files/: die Dateien, die Sie geschickt haben und die wir Ihnen geschickt haben, benannt nach Zeitpunkt (UTC) und Nummer der Nachricht.
        Zeiten sind in UTC.

        ENGLISH
        This is all the data the consular help desk holds about you (your access request).
        - contact.json: your channel (WhatsApp or Messenger), your user id and phone number, your name as the channel gave it, your language, when you were given the privacy notice.
        - conversations/NNN-date/conversation.json: each conversation: the post that handled it, dates, state, tags, urgency and why it went to that post.
        - conversations/NNN-date/messages.json: every message, from you ("fromYou"), to you ("toYou") and the agents' internal notes ("internalNote").
        - conversations/NNN-date/files/: the files you sent and those we sent you, named by the message's time (UTC) and number.
        Times are in UTC.

        """;
}
