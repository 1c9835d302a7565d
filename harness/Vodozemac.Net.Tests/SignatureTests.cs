namespace Vodozemac.Net.Tests;

public sealed class SignatureTests
{
    private const string Message = """{"algorithms":["m.olm.v1.curve25519-aes-sha2"],"device_id":"DEVICE"}""";

    [Test]
    public void A_signature_by_the_account_verifies_with_its_ed25519_key()
    {
        using var account = new Account();
        var signature = account.Sign(Message);
        Assert.That(Ed25519.Verify(account.Ed25519Key, Message, signature), Is.True);
    }

    [Test]
    public void A_signature_over_other_bytes_or_by_another_key_does_not_verify()
    {
        using var account = new Account();
        using var other = new Account();
        var signature = account.Sign(Message);
        Assert.Multiple(() =>
        {
            Assert.That(Ed25519.Verify(account.Ed25519Key, Message + " ", signature), Is.False, "changed message");
            Assert.That(Ed25519.Verify(other.Ed25519Key, Message, signature), Is.False, "another key");
            Assert.That(Ed25519.Verify(account.Ed25519Key, Message, Tamper.FlipByte(signature, 5)), Is.False,
                "flipped signature bit");
        });
    }

    [Test]
    public void A_malformed_key_or_signature_throws()
    {
        using var account = new Account();
        var signature = account.Sign(Message);
        Assert.Throws<VodozemacException>(() => Ed25519.Verify("not a key", Message, signature));
        Assert.Throws<VodozemacException>(() => Ed25519.Verify(account.Ed25519Key, Message, "AAAA"));
    }
}
