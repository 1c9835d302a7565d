namespace Vodozemac.Net.Tests;

public sealed class PickleTests
{
    [Test]
    public void An_unpickled_account_keeps_its_keys_and_signs_the_same()
    {
        var key = PickleKey.Generate();
        using var account = new Account();
        account.GenerateOneTimeKeys(3);
        account.GenerateFallbackKey();
        var pickle = account.Pickle(key);

        using var restored = Account.FromPickle(pickle, key);
        Assert.Multiple(() =>
        {
            Assert.That(restored.IdentityKeys, Is.EqualTo(account.IdentityKeys));
            Assert.That(restored.OneTimeKeys, Is.EquivalentTo(account.OneTimeKeys));
            Assert.That(restored.FallbackKey, Is.EquivalentTo(account.FallbackKey));
            Assert.That(restored.Sign("{}"), Is.EqualTo(account.Sign("{}")), "Ed25519 signatures are deterministic");
        });
    }

    [Test]
    public void Unpickled_Olm_sessions_and_accounts_still_decrypt()
    {
        var key = PickleKey.Generate();
        using var alice = new Account();
        using var bob = new Account();
        bob.GenerateOneTimeKeys(1);
        var otk = bob.OneTimeKeys.Single().Value;
        using var aliceSession = alice.CreateOutboundSession(bob.Curve25519Key, otk);
        var preKey = aliceSession.Encrypt("before pickling");

        // Bob's account is pickled with the unused one-time key; the restored account still accepts the pre-key.
        using var bobRestored = Account.FromPickle(bob.Pickle(key), key);
        using var bobSession = bobRestored.CreateInboundSession(alice.Curve25519Key, preKey).Session;

        using var aliceRestored = Session.FromPickle(aliceSession.Pickle(key), key);
        using var bobSessionRestored = Session.FromPickle(bobSession.Pickle(key), key);
        Assert.That(aliceRestored.SessionId, Is.EqualTo(aliceSession.SessionId));
        Assert.That(bobSessionRestored.DecryptText(aliceRestored.Encrypt("after")), Is.EqualTo("after"));
        Assert.That(aliceRestored.DecryptText(bobSessionRestored.Encrypt("reply")), Is.EqualTo("reply"));
    }

    [Test]
    public void Unpickled_group_sessions_resume_at_their_index_and_decrypt()
    {
        var key = PickleKey.Generate();
        using var outbound = new GroupSession();
        using var inbound = new InboundGroupSession(outbound.SessionKey);
        outbound.Encrypt("0");
        outbound.Encrypt("1");

        using var outboundRestored = GroupSession.FromPickle(outbound.Pickle(key), key);
        using var inboundRestored = InboundGroupSession.FromPickle(inbound.Pickle(key), key);
        Assert.That(outboundRestored.MessageIndex, Is.EqualTo(2u));
        Assert.That(outboundRestored.SessionId, Is.EqualTo(outbound.SessionId));
        var result = inboundRestored.Decrypt(outboundRestored.Encrypt("2"));
        Assert.That(result.MessageIndex, Is.EqualTo(2u));
        Assert.That(result.Text, Is.EqualTo("2"));
    }

    [Test]
    public void A_wrong_pickle_key_is_rejected()
    {
        var key = PickleKey.Generate();
        var wrong = PickleKey.Generate();
        using var account = new Account();
        using var outbound = new GroupSession();
        using var inbound = new InboundGroupSession(outbound.SessionKey);
        using var bob = new Account();
        bob.GenerateOneTimeKeys(1);
        using var session = account.CreateOutboundSession(bob.Curve25519Key, bob.OneTimeKeys.Single().Value);

        var error = Assert.Throws<VodozemacException>(() => Account.FromPickle(account.Pickle(key), wrong));
        Assert.That(error!.Message, Does.Contain("unpickling an account"));
        Assert.Throws<VodozemacException>(() => Session.FromPickle(session.Pickle(key), wrong));
        Assert.Throws<VodozemacException>(() => GroupSession.FromPickle(outbound.Pickle(key), wrong));
        Assert.Throws<VodozemacException>(() => InboundGroupSession.FromPickle(inbound.Pickle(key), wrong));
        Assert.Throws<VodozemacException>(() => Account.FromPickle("not a pickle", key));
        // The right key works, so the failures above are about the key.
        using var restored = Account.FromPickle(account.Pickle(key), key);
        Assert.That(restored.Curve25519Key, Is.EqualTo(account.Curve25519Key));
    }

    [Test]
    public void A_pickle_key_must_be_32_bytes()
    {
        using var account = new Account();
        Assert.Throws<ArgumentException>(() => account.Pickle(new byte[16]));
        Assert.Throws<ArgumentException>(() => Account.FromPickle("x", new byte[33]));
    }
}
