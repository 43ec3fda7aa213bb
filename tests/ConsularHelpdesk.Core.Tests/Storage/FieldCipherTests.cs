using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace ConsularHelpdesk.Storage;

/// <summary>
/// The cipher of personal values at rest: AES-256-GCM with a random nonce and the row's identity as associated data,
/// the key id in each value (rotation), clear values of before read as they are, and the key ring's checks at start.
/// </summary>
public sealed class FieldCipherTests
{
    private static readonly byte[] Key1 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Key2 = RandomNumberGenerator.GetBytes(32);
    private const string Context = "Contacts|PhoneNumber|whatsapp-0123";

    [Fact]
    public void A_value_reads_back_and_is_stored_as_the_key_id_and_base64_of_nonce_ciphertext_and_tag()
    {
        var cipher = Ring(("k1", Key1));

        var stored = cipher.Protect("32470123456", Context)!;

        stored.Should().StartWith("enc:v1:k1:").And.NotContain("32470123456");
        Convert.FromBase64String(stored["enc:v1:k1:".Length..]).Should().HaveCount(12 + "32470123456".Length + 16);
        cipher.Unprotect(stored, Context).Should().Be("32470123456");
        cipher.Protect("32470123456", Context).Should().NotBe(stored, "each value has its own random nonce");
        cipher.Protect(null, Context).Should().BeNull();
    }

    [Fact]
    public void A_value_written_before_encryption_reads_as_it_is_and_is_to_be_rewritten()
    {
        var cipher = Ring(("k1", Key1));

        cipher.Unprotect("32470123456", Context).Should().Be("32470123456");
        cipher.NeedsRewrite("32470123456").Should().BeTrue();
        cipher.NeedsRewrite(cipher.Protect("x", Context)).Should().BeFalse();
        cipher.NeedsRewrite(null).Should().BeFalse();
    }

    [Fact]
    public void Rotation_a_value_under_the_old_key_reads_with_the_new_one_active_and_is_to_be_rewritten()
    {
        var old = Ring(("k1", Key1)).Protect("Awa", Context);
        var rotated = Ring(("k1", Key1), ("k2", Key2));

        rotated.Unprotect(old, Context).Should().Be("Awa");
        rotated.NeedsRewrite(old).Should().BeTrue();
        var rewritten = rotated.Protect(rotated.Unprotect(old, Context), Context);
        rewritten.Should().StartWith("enc:v1:k2:");
        rotated.NeedsRewrite(rewritten).Should().BeFalse();
    }

    [Theory]
    [InlineData("altered")]
    [InlineData("other row")]
    [InlineData("retired key")]
    [InlineData("truncated")]
    public void A_value_altered_moved_to_another_row_or_under_a_key_not_in_the_ring_is_unreadable_without_quoting_it(string change)
    {
        var cipher = Ring(("k1", Key1));
        var stored = cipher.Protect("32470123456", Context)!;
        var (value, context, reader) = change switch
        {
            "altered" => (stored[..^4] + (stored[^4] == 'A' ? "B" : "A") + stored[^3..], Context, cipher),
            "other row" => (stored, "Contacts|PhoneNumber|whatsapp-9999", cipher),
            "retired key" => (stored, Context, Ring(("k2", Key2))),
            _ => (stored[..20], Context, cipher),
        };

        var read = () => reader.Unprotect(value, context);

        read.Should().Throw<UnreadableValueException>().Which.Message.Should().NotContain("32470123456").And.NotContain(stored[10..30]);
    }

    [Theory]
    [InlineData(31, "k1", "k1", "*Privacy:Keys:k1: a key is 32 bytes*not 31*")]
    [InlineData(32, "k1", "k2", "*Privacy:ActiveKey: 'k2' is not a key of Privacy:Keys*")]
    [InlineData(32, "k:1", "k:1", "*Privacy:Keys:k:1: a key id is 1 to 16 letters*")]
    public void A_key_of_the_wrong_length_an_active_id_not_in_the_ring_or_a_bad_id_fails(int bytes, string id, string active, string message)
    {
        var build = () => new FieldCipher(new Dictionary<string, byte[]> { [id] = new byte[bytes] }, active);

        build.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void Without_a_key_only_development_storage_starts_with_the_development_key()
    {
        var development = new ProtectionKeyRing(Options.Create(new StorageOptions { ConnectionString = StorageOptions.DevelopmentStorage }));
        var account = new ProtectionKeyRing(Options.Create(new StorageOptions { AccountName = "consularprod" }));

        development.Validate(null, new ProtectionOptions()).Succeeded.Should().BeTrue();
        development.Cipher(new ProtectionOptions()).ActiveKey.Should().Be(ProtectionOptions.DevelopmentKeyId);
        account.Validate(null, new ProtectionOptions()).FailureMessage.Should().StartWith("Missing configuration: 'Privacy:Keys:{keyId}'");
        account.Validate(null, new ProtectionOptions { Keys = { ["k1"] = Convert.ToBase64String(Key1) } }).FailureMessage.Should().StartWith("Missing configuration: 'Privacy:ActiveKey'");
        account.Validate(null, new ProtectionOptions { Keys = { ["k1"] = Convert.ToBase64String(Key1) }, ActiveKey = "k1" }).Succeeded.Should().BeTrue();
    }

    private static FieldCipher Ring(params (string Id, byte[] Key)[] keys) =>
        new(keys.ToDictionary(k => k.Id, k => k.Key), keys[^1].Id);
}
