namespace ConsularHelpdesk.Crises;

/// <summary>One page of <see cref="AreaActivity.PageAsync"/>: its contacts and where the next page starts (null: the walk is through).</summary>
internal sealed record AreaPage(IReadOnlyList<AreaContact> Contacts, string? Next);
