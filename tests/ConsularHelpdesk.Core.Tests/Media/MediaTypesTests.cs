using System.Text;
using ConsularHelpdesk.Channels;

namespace ConsularHelpdesk.Media;

/// <summary>A citizen's file is what its first bytes say; the declared type only names an Office file or plain text.</summary>
public sealed class MediaTypesTests
{
    private static byte[] Bytes(params object[] parts) =>
        [.. parts.SelectMany(p => p switch { string s => Encoding.Latin1.GetBytes(s), byte[] b => b, int i => [(byte)i], _ => throw new ArgumentException("part") })];

    [Theory]
    [InlineData("image", "image/png", "image/jpeg")]
    [InlineData("image", "image/jpeg", "image/png")]
    [InlineData("document", "application/pdf", "application/pdf")]
    public void Jpeg_png_and_pdf_are_known_by_their_signatures_whatever_is_declared(string kind, string declared, string expected)
    {
        byte[] head = expected switch
        {
            "image/jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10],
            "image/png" => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A],
            _ => Bytes("%PDF-1.7\n"),
        };

        MediaTypes.Detect(head, kind, declared).Should().Be(expected);
    }

    [Fact]
    public void Webp_ogg_amr_mp3_and_aac_are_known_by_their_signatures()
    {
        MediaTypes.Detect(Bytes("RIFF", 0, 0, 0, 0, "WEBPVP8 "), ContentKinds.Image, null).Should().Be("image/webp");
        MediaTypes.Detect(Bytes("OggS", 0, 2), ContentKinds.Audio, "audio/ogg; codecs=opus").Should().Be("audio/ogg");
        MediaTypes.Detect(Bytes("#!AMR\n"), ContentKinds.Audio, null).Should().Be("audio/amr");
        MediaTypes.Detect(Bytes("ID3", 4, 0), ContentKinds.Audio, null).Should().Be("audio/mpeg");
        MediaTypes.Detect(Bytes(0xFF, 0xFB, 0x90), ContentKinds.Audio, null).Should().Be("audio/mpeg");
        MediaTypes.Detect(Bytes(0xFF, 0xF1, 0x50), ContentKinds.Audio, null).Should().Be("audio/aac");
    }

    [Fact]
    public void A_gif_is_an_image_when_sent_as_one_and_nothing_else()
    {
        MediaTypes.Detect(Bytes("GIF89a", 1, 0, 1, 0), ContentKinds.Image, "image/gif").Should().Be("image/gif");
        MediaTypes.Detect(Bytes("GIF87a", 1, 0, 1, 0), ContentKinds.Image, null).Should().Be("image/gif");
        MediaTypes.Detect(Bytes("GIF89a", 1, 0, 1, 0), ContentKinds.Document, "image/gif").Should().BeNull();
    }

    [Theory]
    [InlineData("image", "application/pdf", MediaTypes.ImageLimit)]
    [InlineData("document", "application/pdf", MediaTypes.DocumentLimit)]
    [InlineData("audio", "audio/ogg", MediaTypes.AudioVideoLimit)]
    public void The_limit_is_the_lower_of_the_message_kinds_and_the_bytes_type(string kind, string contentType, long expected) =>
        MediaTypes.EffectiveLimit(contentType, kind, ChannelKind.WhatsApp).Should().Be(expected);

    [Theory]
    [InlineData("isom", "video", "video/mp4")]
    [InlineData("mp42", "audio", "audio/mp4")]
    [InlineData("M4A ", "video", "audio/mp4")]
    [InlineData("3gp4", "video", "video/3gpp")]
    [InlineData("qt  ", "video", null)]
    public void An_iso_media_file_is_video_audio_or_3gpp_by_its_brand_and_kind(string brand, string kind, string? expected) =>
        MediaTypes.Detect(Bytes(0, 0, 0, 0x20, "ftyp", brand, 0, 0, 0, 0), kind, "video/mp4").Should().Be(expected);

    [Theory]
    [InlineData("application/vnd.openxmlformats-officedocument.wordprocessingml.document", true)]
    [InlineData("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true)]
    [InlineData("application/zip", false)]
    [InlineData("application/java-archive", false)]
    public void A_zip_is_allowed_only_as_an_office_document(string declared, bool allowed) =>
        MediaTypes.Detect(Bytes("PK", 3, 4, 20, 0), ContentKinds.Document, declared).Should().Be(allowed ? declared : null);

    [Theory]
    [InlineData("application/msword", true)]
    [InlineData("application/vnd.ms-excel", true)]
    [InlineData("application/x-msi", false)]
    public void An_ole_compound_file_is_allowed_only_as_an_old_office_document(string declared, bool allowed) =>
        MediaTypes.Detect(Bytes(0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1), ContentKinds.Document, declared).Should().Be(allowed ? declared : null);

    [Fact]
    public void Plain_text_is_allowed_when_declared_so_and_free_of_control_bytes()
    {
        MediaTypes.Detect("Numéro de dossier: 2026/417\r\nMerci\t!"u8, ContentKinds.Document, "text/plain").Should().Be("text/plain");
        MediaTypes.Detect("Numéro"u8, ContentKinds.Document, "application/pdf").Should().BeNull("text with no signature is only text when declared so");
        MediaTypes.Detect(Bytes("MZ", 0x90, 0, 3), ContentKinds.Document, "text/plain").Should().BeNull();
        MediaTypes.Detect(Bytes("abc", 0xC3, 0x28), ContentKinds.Document, "text/plain").Should().BeNull("not UTF-8");
    }

    [Theory]
    [InlineData("<html><script>alert(1)</script></html>", "text/html")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>", "image/jpeg")]
    [InlineData("MZ\u0090\0\u0003 This program cannot be run in DOS mode.", "application/pdf")]
    [InlineData("GIF89a", "image/gif")]
    public void Html_svg_executables_and_other_types_are_not_allowed(string content, string declared) =>
        MediaTypes.Detect(Encoding.Latin1.GetBytes(content), ContentKinds.Document, declared).Should().BeNull();

    [Fact]
    public void A_sticker_must_be_webp() =>
        MediaTypes.Detect([0xFF, 0xD8, 0xFF, 0xE0], ContentKinds.Sticker, "image/webp").Should().BeNull();

    [Theory]
    [InlineData("image/jpeg", "image", nameof(ChannelKind.WhatsApp), 5)]
    [InlineData("audio/ogg", "audio", nameof(ChannelKind.WhatsApp), 16)]
    [InlineData("video/mp4", "video", nameof(ChannelKind.WhatsApp), 16)]
    [InlineData("application/pdf", "document", nameof(ChannelKind.WhatsApp), 100)]
    [InlineData("application/pdf", "file", nameof(ChannelKind.Messenger), 25)]
    public void Limits_are_metas_per_type(string type, string kind, string channel, long megabytes) =>
        MediaTypes.Limit(type, kind, Enum.Parse<ChannelKind>(channel)).Should().Be(megabytes * 1024 * 1024);

    [Fact]
    public void A_sticker_may_have_500_kilobytes() =>
        MediaTypes.Limit("image/webp", ContentKinds.Sticker, ChannelKind.WhatsApp).Should().Be(500 * 1024);
}
