using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Replies;

/// <summary>Fails the start with what is wrong in <c>Privacy:NoticeUrl</c> (<see cref="PrivacyNoticeOptions.Problem"/>), naming the setting.</summary>
internal sealed class PrivacyNoticeValidation : IValidateOptions<PrivacyNoticeOptions>
{
    public ValidateOptionsResult Validate(string? name, PrivacyNoticeOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
