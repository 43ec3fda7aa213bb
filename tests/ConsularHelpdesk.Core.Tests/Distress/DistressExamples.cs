namespace ConsularHelpdesk.Distress;

/// <summary>
/// The examples the phrase lists are tuned on: every category in each of the four languages, negations, reported
/// speech, false positives from ordinary consular questions, misspellings and word forms. Language null: detected.
/// Categories as the assessment lists them (list order), comma-separated. The holdout set (Data/holdout.jsonl) is
/// kept apart and never used for tuning.
/// </summary>
internal static class DistressExamples
{
    public static TheoryData<string?, string, string, string> All { get; } = new()
    {
        // The example.
        { "de", "Ich bin in Lissabon im Krankenhaus nach einem Unfall, bitte helfen Sie", "urgent", "hospital,accident" },
        { null, "Ich bin in Lissabon im Krankenhaus nach einem Unfall, bitte helfen Sie", "urgent", "hospital,accident" },

        // arrest
        { "en", "My son was arrested in Bangkok last night, please help", "urgent", "arrest" },
        { "en", "my brother is in jail in Dubai since tuesday", "urgent", "arrest" },
        { "en", "My husband got arested at the airport", "urgent", "arrest" },
        { "nl", "Mijn zoon is gisteren gearresteerd in Marrakech", "urgent", "arrest" },
        { "nl", "mijn vriend is opgepakt door de politie en zit in de cel", "urgent", "arrest" },
        { "fr", "Mon mari a été arrêté à Casablanca ce matin", "urgent", "arrest" },
        { "fr", "mon frère est en garde à vue depuis hier", "urgent", "arrest" },
        { "de", "Mein Sohn wurde in Antalya verhaftet", "urgent", "arrest" },
        { "de", "Meine Frau ist seit gestern in Untersuchungshaft", "urgent", "arrest" },
        { "de", "Die Verhaftung meines Mannes war gestern", "urgent", "arrest" },

        // hospital
        { "en", "My wife is in hospital in Cairo after a heart attack", "urgent", "hospital" },
        { "en", "My father was hospitalized yesterday in Malaga", "urgent", "hospital" },
        { "en", "my mum is in the hopsital, what do we do", "urgent", "hospital" },
        { "nl", "Mijn vader ligt in het ziekenhuis in Alicante", "urgent", "hospital" },
        { "nl", "Mijn moeder is opgenomen op intensive care", "urgent", "hospital" },
        { "fr", "Ma mère est à l'hôpital à Dakar, elle est dans le coma", "urgent", "hospital" },
        { "fr", "mon père est hospitalisé à Tunis", "urgent", "hospital" },
        { "de", "Mein Vater liegt auf der Intensivstation in Palma", "urgent", "hospital" },
        { "de", "meine Tochter ist im Krankenhause in Rom", "urgent", "hospital" },
        { "en", "Which hospital is closest to the consulate?", "elevated", "hospital" },

        // accident
        { "en", "We had a car accident near Faro, my friend is injured", "urgent", "hospital,accident" },
        { "en", "there was an acident with our bus", "urgent", "accident" },
        { "nl", "We hebben een ongeluk gehad met de huurauto", "urgent", "accident" },
        { "nl", "Mijn dochter is aangereden door een scooter", "urgent", "accident" },
        { "fr", "Mon fils a eu un accident de moto en Grèce", "urgent", "accident" },
        { "fr", "ma femme a été renversée par une voiture", "urgent", "accident" },
        { "de", "Wir hatten einen Verkehrsunfall in Kroatien", "urgent", "accident" },
        { "de", "Mein Mann ist beim Skifahren verunglückt", "urgent", "accident" },

        // death
        { "en", "My father passed away this morning in Alicante", "urgent", "death" },
        { "en", "my brother died in a hotel in Bali, what do we do now", "urgent", "death" },
        { "nl", "Mijn man is vannacht overleden in Spanje", "urgent", "death" },
        { "nl", "Onze zoon is omgekomen bij het duiken", "urgent", "death" },
        { "fr", "Mon père est décédé hier à Marrakech", "urgent", "death" },
        { "fr", "mon oncle est mort à Abidjan, comment rapatrier le corps ?", "urgent", "death" },
        { "de", "Meine Mutter ist heute in Spanien gestorben", "urgent", "death" },
        { "de", "Mein Bruder ist im Urlaub ertrunken", "urgent", "death" },

        // missing
        { "en", "My daughter has been missing since Friday in Lima", "urgent", "missing" },
        { "en", "We can't reach our son, he disappeared two days ago in Peru", "urgent", "missing" },
        { "nl", "Mijn broer is vermist in Thailand", "urgent", "missing" },
        { "nl", "Mijn vriendin is al drie dagen onbereikbaar in Bali", "urgent", "missing" },
        { "fr", "Mon frère a disparu au Maroc depuis lundi", "urgent", "missing" },
        { "fr", "nous sommes sans nouvelles de notre fille à Lisbonne", "urgent", "missing" },
        { "de", "Meine Tochter wird seit Sonntag in Peru vermisst", "urgent", "missing" },
        { "de", "Mein Mann ist seit gestern verschwunden und nicht erreichbar", "urgent", "missing" },

        // kidnapping
        { "en", "My brother was kidnapped in Mexico and they want a ransom", "critical", "kidnapping" },
        { "en", "our guide was abducted last night", "critical", "kidnapping" },
        { "nl", "Mijn man is ontvoerd in Nigeria", "critical", "kidnapping" },
        { "nl", "Ze vragen losgeld voor mijn vader", "critical", "kidnapping" },
        { "fr", "Mon mari a été enlevé à Bamako", "critical", "kidnapping" },
        { "fr", "ils le retiennent en otage et demandent une rançon", "critical", "kidnapping" },
        { "de", "Mein Sohn wurde in Kolumbien entführt", "critical", "kidnapping" },
        { "de", "Sie halten ihn als Geisel fest", "critical", "kidnapping" },

        // sexual assault
        { "en", "I was raped last night at the hostel", "critical", "sexualAssault" },
        { "en", "my friend was sexually assaulted at a party", "critical", "sexualAssault" },
        { "nl", "Ik ben verkracht in Ibiza", "critical", "sexualAssault" },
        { "nl", "Mijn dochter is aangerand op het strand", "critical", "sexualAssault" },
        { "fr", "J'ai été violée hier soir", "critical", "sexualAssault" },
        { "fr", "ma sœur a été agressée sexuellement à Nice", "critical", "sexualAssault" },
        { "de", "Ich wurde vergewaltigt", "critical", "sexualAssault" },
        { "de", "Meine Freundin wurde sexuell belästigt und hat Angst", "critical", "sexualAssault" },

        // violence
        { "en", "I was attacked and beaten up outside a bar", "urgent", "violence" },
        { "en", "my friend was stabbed in Johannesburg", "urgent", "violence" },
        { "en", "My husband threatened to kill me, I am hiding at a friend's place", "critical", "violence" },
        { "nl", "Ik ben in elkaar geslagen door drie mannen", "urgent", "violence" },
        { "nl", "Mijn man slaat me en ik durf niet naar huis", "urgent", "violence" },
        { "fr", "J'ai été agressé dans la rue à Dakar", "urgent", "violence" },
        { "fr", "mon ami a été poignardé devant l'hôtel", "urgent", "violence" },
        { "de", "Ich wurde überfallen und zusammengeschlagen", "urgent", "violence" },
        { "de", "Mein Freund wurde niedergestochen", "urgent", "violence" },

        // stranded
        { "en", "My passport and all my money were stolen, I have no way home", "urgent", "stranded" },
        { "en", "We are stranded at the airport with no money", "urgent", "stranded" },
        { "en", "I lost my passport, need a new one before my flight next month", "elevated", "stranded" },
        { "en", "my passport was stolen in Rome, I fly back in three weeks", "elevated", "stranded" },
        { "nl", "Mijn paspoort is gestolen in Barcelona", "elevated", "stranded" },
        { "nl", "We zitten vast op het vliegveld zonder geld", "urgent", "stranded" },
        { "fr", "On m'a volé mon passeport à Paris", "elevated", "stranded" },
        { "fr", "Je suis bloqué à l'aéroport sans argent", "urgent", "stranded" },
        { "de", "Mein Reisepass wurde gestohlen", "elevated", "stranded" },
        { "de", "Wir sitzen am Flughafen fest und haben kein Geld mehr", "urgent", "stranded" },

        // disaster and attack
        { "en", "There was an earthquake and our hotel collapsed", "urgent", "disaster" },
        { "en", "we are hiding, there was a bombing at the market", "urgent", "disaster" },
        { "nl", "Er is een aardbeving geweest, we slapen buiten", "urgent", "disaster" },
        { "nl", "Er was een aanslag bij het station", "urgent", "disaster" },
        { "fr", "Il y a eu un tremblement de terre, nous sommes dehors", "urgent", "disaster" },
        { "fr", "Il y a des inondations partout dans notre village", "urgent", "disaster" },
        { "de", "Hier gab es ein Erdbeben, wir sind im Freien", "urgent", "disaster" },
        { "de", "Es gab einen Anschlag in der Innenstadt", "urgent", "disaster" },

        // evacuation
        { "en", "We need to be evacuated, the fighting is getting closer", "urgent", "disaster,evacuation" },
        { "en", "How can we leave the country? All flights are cancelled", "urgent", "evacuation" },
        { "nl", "Wanneer worden wij geëvacueerd?", "urgent", "evacuation" },
        { "nl", "Hoe komen we het land uit, de grenzen zijn dicht", "urgent", "evacuation" },
        { "fr", "Est-ce qu'il y aura une évacuation des Belges ?", "urgent", "evacuation" },
        { "fr", "Nous devons quitter le pays, aidez-nous", "urgent", "evacuation" },
        { "de", "Werden die Deutschen evakuiert?", "urgent", "evacuation" },
        { "de", "Wir wollen das Land verlassen, der Flughafen ist geschlossen", "urgent", "evacuation" },

        // self-harm
        { "en", "I want to kill myself, I can't go on", "critical", "selfHarm" },
        { "en", "i'm thinking about suicide", "critical", "selfHarm" },
        { "nl", "Ik denk aan zelfmoord", "critical", "selfHarm" },
        { "nl", "Ik wil niet meer leven", "critical", "selfHarm" },
        { "fr", "Je veux me suicider", "critical", "selfHarm" },
        { "fr", "j'ai envie de mourir, je suis seule ici", "critical", "selfHarm" },
        { "de", "Ich habe Suizidgedanken", "critical", "selfHarm" },
        { "de", "Ich will mir das Leben nehmen", "critical", "selfHarm" },

        // child in danger
        { "en", "My child is in danger, his father is violent", "critical", "violence,childDanger" },
        { "en", "My ex took my children to Morocco without my consent", "critical", "childDanger" },
        { "nl", "Mijn kind is in gevaar", "critical", "childDanger" },
        { "nl", "Mijn ex heeft onze kinderen meegenomen naar Turkije", "critical", "childDanger" },
        { "fr", "Mon enfant est en danger", "critical", "childDanger" },
        { "fr", "Mon ex-mari a enlevé nos enfants", "critical", "childDanger" },
        { "de", "Mein Kind ist in Gefahr", "critical", "childDanger" },
        { "de", "Sie wollen meine Tochter zwangsverheiraten", "critical", "childDanger" },

        // Negations: the phrase is denied, nothing else.
        { "en", "I was not arrested, I only need a police clearance certificate", "none", "" },
        { "en", "Nobody was injured, we just lost our luggage", "none", "" },
        { "en", "There is no war here, is the embassy open on Friday?", "none", "" },
        { "nl", "Ik ben niet gearresteerd, ik wil alleen een attest", "none", "" },
        { "nl", "Er is niemand gewond geraakt", "none", "" },
        { "fr", "Je n'ai pas été arrêté, je voulais juste savoir", "none", "" },
        { "fr", "Il n'y a aucun blessé", "none", "" },
        { "de", "Ich wurde nicht verhaftet, ich brauche nur ein Dokument", "none", "" },
        { "de", "Es gab keinen Unfall, nur eine Verspätung", "none", "" },
        { "en", "No, my husband was arrested this morning", "urgent", "arrest" },
        { "en", "I'm not sure, but I think my son was arrested", "urgent", "arrest" },
        { "en", "I have no money and no way home", "urgent", "stranded" },

        // Reported speech: elevated at most.
        { "en", "The news says a hospital was bombed in the capital, are we safe?", "elevated", "hospital,disaster" },
        { "en", "I read that there was an earthquake in Turkey, is the embassy open?", "elevated", "disaster" },
        { "nl", "Ik las in het nieuws dat er een aanslag was in Brussel", "elevated", "disaster" },
        { "fr", "J'ai lu qu'il y a eu un attentat à Nice", "elevated", "disaster" },
        { "de", "Ich habe gelesen, dass es ein Erdbeben gab. Ist es sicher, nach Izmir zu reisen?", "elevated", "disaster" },
        { "de", "In den Nachrichten kam ein Anschlag in Istanbul", "elevated", "disaster" },
        { "en", "Is it safe to travel to Sri Lanka after the floods?", "elevated", "disaster" },

        // False positives from ordinary consular questions.
        { "en", "I have an appointment at the hospital for my visa medical", "none", "" },
        { "en", "Where can I get a passport photo taken?", "none", "" },
        { "en", "I deleted the form by accident, can you send it again?", "none", "" },
        { "en", "I need a death certificate translated", "none", "" },
        { "en", "Which documents are missing from my application?", "none", "" },
        { "en", "My phone died, can I book the appointment by email?", "none", "" },
        { "nl", "Ik heb per ongeluk de verkeerde datum gekozen", "none", "" },
        { "nl", "Waar kan ik een pasfoto laten maken?", "none", "" },
        { "nl", "Heb ik een reisverzekering nodig voor Thailand?", "none", "" },
        { "fr", "J'ai un rendez-vous à l'hôpital pour la visite médicale du visa", "none", "" },
        { "fr", "Il faut une photo d'identité pour le passeport ?", "none", "" },
        { "fr", "Le bus s'est arrêté, je serai en retard au rendez-vous", "none", "" },
        { "fr", "Comment obtenir un extrait de casier judiciaire ?", "none", "" },
        { "de", "Ich habe einen Termin im Krankenhaus für die Visumsuntersuchung", "none", "" },
        { "de", "Brauche ich ein Passbild für den Antrag?", "none", "" },
        { "de", "Ich brauche eine Sterbeurkunde für das Notariat", "none", "" },
        { "de", "Wie bekomme ich ein Führungszeugnis?", "none", "" },

        // Ordinary questions.
        { "en", "How do I renew my passport in Madrid?", "none", "" },
        { "nl", "Wat zijn de openingsuren van de ambassade?", "none", "" },
        { "fr", "Je voudrais un rendez-vous pour une carte d'identité", "none", "" },
        { "de", "Wie lange dauert ein neuer Reisepass?", "none", "" },
        { null, "Hello, can I register the birth of my son at the consulate?", "none", "" },

        // Misspellings and word forms.
        { "en", "My wife was kidnaped", "critical", "kidnapping" },
        { "en", "there was an eartquake", "urgent", "disaster" },
        { "nl", "Mijn zoon is gearesteerd", "urgent", "arrest" },
        { "nl", "mijn vader ligt in het ziekehuis", "urgent", "hospital" },
        { "fr", "Mon frere a disparu", "urgent", "missing" },
        { "fr", "Mon pere est decede", "urgent", "death" },
        { "de", "Meine Schwester wurde entfuhrt", "critical", "kidnapping" },
        { "de", "Mein Mann wurde gestern festgenomen", "urgent", "arrest" },
        { "de", "Sie verhafteten meinen Sohn am Flughafen", "urgent", "arrest" },
        { "EN".ToLowerInvariant(), "MY SON WAS ARRESTED", "urgent", "arrest" },

        // More word forms and situations.
        { "en", "My son is being held by immigration at the airport", "urgent", "arrest" },
        { "en", "My friend can't breathe, we called an ambulance", "urgent", "hospital" },
        { "en", "Our daughter went out on Saturday and never came back", "urgent", "missing" },
        { "en", "He pulled a knife and took my phone", "urgent", "violence" },
        { "en", "I lost my wallet and can't pay the hotel, I have nowhere to go", "urgent", "stranded" },
        { "nl", "Mijn vader is dood aangetroffen in zijn appartement", "urgent", "death" },
        { "nl", "Mijn man zit in een gesloten centrum in Spanje", "urgent", "arrest" },
        { "nl", "Onze zoon is gisteravond niet thuisgekomen", "urgent", "missing" },
        { "fr", "Mon fils est dans un centre de rétention à Madrid", "urgent", "arrest" },
        { "fr", "Ma copine a fait une fausse couche, nous sommes à Tunis", "urgent", "hospital" },
        { "fr", "Mon frère a été retrouvé mort dans sa chambre", "urgent", "death" },
        { "de", "Mein Mann sitzt in Abschiebehaft", "urgent", "arrest" },
        { "de", "Meine Tochter ist seit Freitag nicht zurückgekommen", "urgent", "missing" },
        { "de", "Wir können das Hotel nicht bezahlen und wissen nicht wohin", "urgent", "stranded" },
        { "en", "I need an emergency passport to attend my grandmother's funeral in Belgium", "none", "" },

        // Language unknown: every list is tried.
        { null, "gearresteerd", "urgent", "arrest" },
        { null, "Hilfe! Entführt!", "critical", "kidnapping" },
    };
}
