using System.Text;
using ConsularHelpdesk.Replies;

namespace ConsularHelpdesk.Core.Tests.Replies;

/// <summary>What a file is, from its first bytes only.</summary>
public sealed class FileSignatureTests
{
    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46 }, "image/jpeg", ".jpg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00 }, "image/png", ".png")]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, "application/pdf", ".pdf")]
    public void The_three_types_we_send_are_recognised_by_their_magic_bytes(byte[] head, string contentType, string extension) =>
        FileSignature.Detect(head).Should().Be((contentType, extension));

    [Theory]
    [InlineData("MZ\u0090\0\u0003\0\0\0")] // a Windows executable
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")]
    [InlineData("<!doctype html><html><script>alert(1)</script></html>")]
    [InlineData("GIF89a")]
    [InlineData(" %PDF-1.4")] // the signature must open the file
    [InlineData("%PDF")] // cut short
    [InlineData("")]
    public void Anything_else_is_none_of_ours(string content) =>
        FileSignature.Detect(Encoding.Latin1.GetBytes(content)).Should().BeNull();

    [Fact]
    public void A_png_cut_before_its_full_signature_is_not_a_png() =>
        FileSignature.Detect([0x89, 0x50, 0x4E, 0x47]).Should().BeNull();
}
