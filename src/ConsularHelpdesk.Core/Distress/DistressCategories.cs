namespace ConsularHelpdesk.Distress;

/// <summary>
/// The kinds of distress the detection knows (the ids the phrase lists, the stored matches and the API use). The
/// issue's list: arrest and detention, hospital, accident, death, missing person, kidnapping, assault and rape,
/// violence, stolen passport or money with no way home, natural disaster and attack, evacuation, suicide or self-harm,
/// a child in danger.
/// </summary>
internal static class DistressCategories
{
    public const string Arrest = "arrest";
    public const string Hospital = "hospital";
    public const string Accident = "accident";
    public const string Death = "death";
    public const string Missing = "missing";
    public const string Kidnapping = "kidnapping";
    public const string SexualAssault = "sexualAssault";
    public const string Violence = "violence";
    public const string Stranded = "stranded";
    public const string Disaster = "disaster";
    public const string Evacuation = "evacuation";
    public const string SelfHarm = "selfHarm";
    public const string ChildDanger = "childDanger";

    public static IReadOnlyList<string> All { get; } =
        [Arrest, Hospital, Accident, Death, Missing, Kidnapping, SexualAssault, Violence, Stranded, Disaster, Evacuation, SelfHarm, ChildDanger];
}
