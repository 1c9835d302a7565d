namespace Vodozemac.Net.Tests;

public sealed class OlmTests
{
    [Test]
    public void Pre_key_then_normal_messages_decrypt_both_ways()
    {
        using var alice = new Account();
        using var bob = new Account();
        bob.GenerateOneTimeKeys(1);
        var otk = bob.OneTimeKeys.Single().Value;
        bob.MarkKeysAsPublished();

        using var aliceSession = alice.CreateOutboundSession(bob.Curve25519Key, otk);
        var first = aliceSession.Encrypt("hello bob");
        Assert.That(first.Type, Is.EqualTo(OlmMessageType.PreKey));
        Assert.That(Session.SessionIdOf(first), Is.EqualTo(aliceSession.SessionId));

        var inbound = bob.CreateInboundSession(alice.Curve25519Key, first);
        using var bobSession = inbound.Session;
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(inbound.Plaintext), Is.EqualTo("hello bob"));
            Assert.That(bobSession.SessionId, Is.EqualTo(aliceSession.SessionId));
            Assert.That(bobSession.Matches(first), Is.True);
            Assert.That(bob.OneTimeKeys, Is.Empty, "the one-time key was used up");
        });

        // Until bob replies, alice keeps sending pre-key messages.
        var second = aliceSession.Encrypt("still pre-key");
        Assert.That(second.Type, Is.EqualTo(OlmMessageType.PreKey));
        Assert.That(bobSession.DecryptText(second), Is.EqualTo("still pre-key"));

        var reply = bobSession.Encrypt("hello alice");
        Assert.That(reply.Type, Is.EqualTo(OlmMessageType.Normal));
        Assert.That(aliceSession.DecryptText(reply), Is.EqualTo("hello alice"));
        Assert.That(aliceSession.HasReceivedMessage, Is.True);

        for (var i = 0; i < 3; i++)
        {
            var toBob = aliceSession.Encrypt($"a{i}");
            var toAlice = bobSession.Encrypt($"b{i}");
            Assert.That(toBob.Type, Is.EqualTo(OlmMessageType.Normal));
            Assert.That(bobSession.DecryptText(toBob), Is.EqualTo($"a{i}"));
            Assert.That(aliceSession.DecryptText(toAlice), Is.EqualTo($"b{i}"));
        }
    }

    [Test]
    public void Flipped_bytes_in_Olm_messages_are_rejected_and_the_original_still_decrypts()
    {
        using var alice = new Account();
        using var bob = new Account();
        bob.GenerateOneTimeKeys(1);
        using var aliceSession = alice.CreateOutboundSession(bob.Curve25519Key, bob.OneTimeKeys.Single().Value);
        var preKey = aliceSession.Encrypt("first");

        foreach (var position in new[] { Tamper.Length(preKey.Body) / 2, -1 })
        {
            var tampered = preKey with { Body = Tamper.FlipByte(preKey.Body, position) };
            Assert.Throws<VodozemacException>(() => bob.CreateInboundSession(alice.Curve25519Key, tampered),
                $"pre-key message with byte {position} flipped");
        }
        using var bobSession = bob.CreateInboundSession(alice.Curve25519Key, preKey).Session;

        var reply = bobSession.Encrypt("reply");
        foreach (var position in new[] { Tamper.Length(reply.Body) / 2, -1 })
        {
            var tampered = reply with { Body = Tamper.FlipByte(reply.Body, position) };
            var error = Assert.Throws<VodozemacException>(() => aliceSession.Decrypt(tampered),
                $"normal message with byte {position} flipped");
            Assert.That(error!.NativeMessage, Is.Not.Empty);
        }
        Assert.That(aliceSession.DecryptText(reply), Is.EqualTo("reply"));
    }

    [Test]
    public void A_replayed_Olm_message_is_rejected()
    {
        using var alice = new Account();
        using var bob = new Account();
        bob.GenerateOneTimeKeys(1);
        using var aliceSession = alice.CreateOutboundSession(bob.Curve25519Key, bob.OneTimeKeys.Single().Value);
        using var bobSession = bob.CreateInboundSession(alice.Curve25519Key, aliceSession.Encrypt("hi")).Session;

        var reply = bobSession.Encrypt("once");
        Assert.That(aliceSession.DecryptText(reply), Is.EqualTo("once"));
        Assert.Throws<VodozemacException>(() => aliceSession.Decrypt(reply));
    }

    [Test]
    public void A_pre_key_message_from_another_identity_key_is_rejected()
    {
        using var alice = new Account();
        using var mallory = new Account();
        using var bob = new Account();
        bob.GenerateOneTimeKeys(1);
        using var aliceSession = alice.CreateOutboundSession(bob.Curve25519Key, bob.OneTimeKeys.Single().Value);
        var preKey = aliceSession.Encrypt("hi");

        Assert.Throws<VodozemacException>(() => bob.CreateInboundSession(mallory.Curve25519Key, preKey));
        using var session = bob.CreateInboundSession(alice.Curve25519Key, preKey).Session;
        Assert.That(session.SessionId, Is.EqualTo(aliceSession.SessionId));
    }

    [Test]
    public void A_fallback_key_creates_sessions_and_survives_use()
    {
        using var alice = new Account();
        using var bob = new Account();
        Assert.That(bob.FallbackKey, Is.Empty);
        bob.GenerateFallbackKey();
        var fallback = bob.FallbackKey.Single().Value;
        bob.MarkKeysAsPublished();
        Assert.That(bob.FallbackKey, Is.Empty, "a published fallback key is no longer listed");

        using var first = alice.CreateOutboundSession(bob.Curve25519Key, fallback);
        using var second = alice.CreateOutboundSession(bob.Curve25519Key, fallback);
        using var bobFirst = bob.CreateInboundSession(alice.Curve25519Key, first.Encrypt("one")).Session;
        var again = bob.CreateInboundSession(alice.Curve25519Key, second.Encrypt("two"));
        using var bobSecond = again.Session;
        Assert.That(Encoding.UTF8.GetString(again.Plaintext), Is.EqualTo("two"));
    }

    [Test]
    public void One_time_keys_are_listed_until_published()
    {
        using var account = new Account();
        Assert.That(account.MaxOneTimeKeys, Is.GreaterThanOrEqualTo(50));
        account.GenerateOneTimeKeys(5);
        var keys = account.OneTimeKeys;
        Assert.That(keys, Has.Count.EqualTo(5));
        Assert.That(keys.Keys, Has.All.Length.EqualTo(11), "key ids are 11-character base64");
        Assert.That(keys.Values, Is.Unique);
        account.MarkKeysAsPublished();
        Assert.That(account.OneTimeKeys, Is.Empty);
    }
}
