using System.Security.Cryptography;
using System.Text;

namespace ConsularHelpdesk.Threads;

/// <summary>
/// What a log line may say of a conversation: the first 12 hex digits of the SHA-256 of its id. An engineer who has the
/// id (from the triage page) can match the line; the line alone names nobody (a conversation id derives from the
/// citizen's channel account, which logs never carry).
/// </summary>
internal static class LogReference
{
    public static string Of(string conversationId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(conversationId)))[..12];
}
