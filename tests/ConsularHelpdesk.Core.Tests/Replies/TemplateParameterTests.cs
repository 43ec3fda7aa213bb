namespace ConsularHelpdesk.Replies;

public sealed class TemplateParameterTests
{
    [Theory]
    [InlineData("Line one\nline two", "Line one line two")]
    [InlineData("Tab\there", "Tab here")]
    [InlineData("Five     spaces", "Five spaces")]
    [InlineData("  \r\n Paragraph\r\n\r\nnext  ", "Paragraph next")]
    [InlineData("Bidi\u202Eoverride and zero\u200Bwidth", "Bidioverride and zerowidth")]
    [InlineData("Family 👨\u200D👩\u200D👧 stays", "Family 👨\u200D👩\u200D👧 stays")]
    public void A_parameter_has_no_newline_tab_or_run_of_spaces(string text, string expected)
    {
        TemplateParameter.Clean(text, 900).Should().Be(expected);
    }

    [Fact]
    public void A_long_text_is_clipped_to_the_limit_with_an_ellipsis()
    {
        var clean = TemplateParameter.Clean(string.Concat(Enumerable.Repeat("word ", 400)), 900);

        clean.Length.Should().BeLessThanOrEqualTo(900);
        clean.Should().EndWith("…");
    }

    [Fact]
    public void A_clip_never_splits_an_emoji()
    {
        var clean = TemplateParameter.Clean(new string('a', 8) + "😀😀", 10);

        clean.Should().Be(new string('a', 8) + "…");
    }
}
