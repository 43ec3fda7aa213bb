namespace ConsularHelpdesk.Server.Tests.Infrastructure;

/// <summary>
/// A citizen's video as the tests' fake Graph API serves it: an MP4 file's <c>ftyp</c> box (brand <c>isom</c>, what
/// the type check reads) and an <c>mdat</c> box of 300 bytes, so that a range in the middle has bytes of its own.
/// </summary>
internal static class SampleVideo
{
    public static byte[] Mp4 { get; } =
    [
        0, 0, 0, 0x18, .. "ftypisom"u8, 0, 0, 2, 0, .. "isomiso2"u8,
        0, 0, 0x01, 0x34, .. "mdat"u8, .. Enumerable.Range(0, 300).Select(i => (byte)(i * 7)),
    ];
}
