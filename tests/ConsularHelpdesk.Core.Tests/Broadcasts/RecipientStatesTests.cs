namespace ConsularHelpdesk.Broadcasts;

public sealed class RecipientStatesTests
{
    [Theory]
    [InlineData(nameof(RecipientState.Queued), nameof(RecipientState.Sent), true)]
    [InlineData(nameof(RecipientState.Queued), nameof(RecipientState.NotReachable), true)]
    [InlineData(nameof(RecipientState.Queued), nameof(RecipientState.Read), true)] // read came before sent was recorded
    [InlineData(nameof(RecipientState.Failed), nameof(RecipientState.Sent), true)] // a retry went through
    [InlineData(nameof(RecipientState.Sent), nameof(RecipientState.Failed), true)] // Meta's failed callback
    [InlineData(nameof(RecipientState.Delivered), nameof(RecipientState.Read), true)]
    [InlineData(nameof(RecipientState.Read), nameof(RecipientState.Delivered), false)]
    [InlineData(nameof(RecipientState.Delivered), nameof(RecipientState.Sent), false)]
    [InlineData(nameof(RecipientState.Delivered), nameof(RecipientState.Failed), false)]
    [InlineData(nameof(RecipientState.Sent), nameof(RecipientState.Sent), false)] // a repeat counts once
    [InlineData(nameof(RecipientState.Sent), nameof(RecipientState.Cancelled), false)] // sent before the cancel
    [InlineData(nameof(RecipientState.NotReachable), nameof(RecipientState.Sent), false)]
    [InlineData(nameof(RecipientState.Cancelled), nameof(RecipientState.Sent), true)] // a send past its cancel check: Meta's word wins
    [InlineData(nameof(RecipientState.Cancelled), nameof(RecipientState.Read), true)]
    [InlineData(nameof(RecipientState.Cancelled), nameof(RecipientState.Failed), false)] // not sent either way
    [InlineData(nameof(RecipientState.Cancelled), nameof(RecipientState.Queued), false)]
    public void A_recipient_only_moves_forward(string from, string to, bool moves)
    {
        RecipientStates.MovesForward(Enum.Parse<RecipientState>(from), Enum.Parse<RecipientState>(to)).Should().Be(moves);
    }

    [Fact]
    public void A_reference_names_a_broadcast_and_a_recipient_row()
    {
        var id = BroadcastKeys.NewId();

        BroadcastKeys.ParseReference(BroadcastKeys.Reference(id, "r-whatsapp-abc")).Should().Be((id, "r-whatsapp-abc"));
        BroadcastKeys.ParseReference($"{id}|header").Should().BeNull();
        BroadcastKeys.ParseReference("c123|r-x").Should().BeNull();
        BroadcastKeys.ParseReference(null).Should().BeNull();
    }
}
