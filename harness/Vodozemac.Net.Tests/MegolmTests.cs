namespace Vodozemac.Net.Tests;

public sealed class MegolmTests
{
    [Test]
    public void Messages_decrypt_with_their_indices_across_the_ratchet()
    {
        using var outbound = new GroupSession();
        Assert.That(outbound.MessageIndex, Is.Zero);
        using var inbound = new InboundGroupSession(outbound.SessionKey);
        Assert.That(inbound.SessionId, Is.EqualTo(outbound.SessionId));
        Assert.That(inbound.FirstKnownIndex, Is.Zero);

        var messages = Enumerable.Range(0, 5).Select(i => outbound.Encrypt($"message {i}")).ToList();
        Assert.That(outbound.MessageIndex, Is.EqualTo(5u));

        // Out of order on purpose: the inbound ratchet reaches back to its first known index.
        foreach (var i in new[] { 3, 0, 4, 1, 2 })
        {
            var result = inbound.Decrypt(messages[i]);
            Assert.That(result.MessageIndex, Is.EqualTo((uint)i));
            Assert.That(result.Text, Is.EqualTo($"message {i}"));
        }
    }

    [Test]
    public void A_session_key_shared_later_cannot_decrypt_earlier_messages()
    {
        using var outbound = new GroupSession();
        var early = outbound.Encrypt("before the key was shared");
        using var inbound = new InboundGroupSession(outbound.SessionKey);
        var late = outbound.Encrypt("after");

        Assert.That(inbound.FirstKnownIndex, Is.EqualTo(1u));
        Assert.Throws<VodozemacException>(() => inbound.Decrypt(early));
        Assert.That(inbound.Decrypt(late).Text, Is.EqualTo("after"));
    }

    [Test]
    public void A_replayed_message_index_decrypts_again_and_the_replay_guard_flags_it()
    {
        using var outbound = new GroupSession();
        using var inbound = new InboundGroupSession(outbound.SessionKey);
        var guard = new MegolmReplayGuard();
        var message = outbound.Encrypt("pay 10");

        var original = inbound.Decrypt(message);
        Assert.That(guard.TryRecord(inbound.SessionId, original.MessageIndex, "$original"), Is.True);

        // vodozemac itself does not detect the replay: the same index decrypts again.
        var replayed = inbound.Decrypt(message);
        Assert.That(replayed.Text, Is.EqualTo("pay 10"));
        Assert.That(replayed.MessageIndex, Is.EqualTo(original.MessageIndex));

        Assert.Multiple(() =>
        {
            Assert.That(guard.TryRecord(inbound.SessionId, replayed.MessageIndex, "$replay"), Is.False,
                "same index under another event is a replay");
            Assert.That(guard.TryRecord(inbound.SessionId, original.MessageIndex, "$original"), Is.True,
                "decrypting the same event again is not a replay");
            Assert.That(guard.FirstEventAt(inbound.SessionId, original.MessageIndex), Is.EqualTo("$original"));
            Assert.That(guard.TryRecord(inbound.SessionId, original.MessageIndex + 1, "$next"), Is.True);
            Assert.That(guard.TryRecord("another session", original.MessageIndex, "$other"), Is.True);
        });
    }

    [Test]
    public void Flipped_bytes_in_Megolm_messages_are_rejected_and_the_original_still_decrypts()
    {
        using var outbound = new GroupSession();
        using var inbound = new InboundGroupSession(outbound.SessionKey);
        var message = outbound.Encrypt("genuine");
        var length = Tamper.Length(message);

        // Middle: ciphertext; -1: signature; -70: the MAC just before the 64-byte signature.
        foreach (var position in new[] { length / 2, -1, -70 })
        {
            var error = Assert.Throws<VodozemacException>(() => inbound.Decrypt(Tamper.FlipByte(message, position)),
                $"byte {position} flipped");
            Assert.That(error!.NativeMessage, Is.Not.Empty);
        }
        Assert.That(inbound.Decrypt(message).Text, Is.EqualTo("genuine"));
    }

    [Test]
    public void A_message_signed_by_a_foreign_key_is_rejected()
    {
        using var outbound = new GroupSession();
        using var inbound = new InboundGroupSession(outbound.SessionKey);
        var forged = inbound.ForgeWithForeignSigner(0, "forged");
        Assert.Throws<VodozemacException>(() => inbound.Decrypt(forged));
        Assert.That(inbound.Decrypt(outbound.Encrypt("real")).Text, Is.EqualTo("real"));
    }

    [Test]
    public void A_message_from_another_session_is_rejected()
    {
        using var outbound = new GroupSession();
        using var other = new GroupSession();
        using var inbound = new InboundGroupSession(outbound.SessionKey);
        Assert.Throws<VodozemacException>(() => inbound.Decrypt(other.Encrypt("not yours")));
    }

    [Test]
    public void An_export_at_an_index_imports_and_decrypts_from_that_index_only()
    {
        using var outbound = new GroupSession();
        using var inbound = new InboundGroupSession(outbound.SessionKey);
        var messages = Enumerable.Range(0, 3).Select(i => outbound.Encrypt($"m{i}")).ToList();

        using var imported = InboundGroupSession.Import(inbound.ExportAt(1));
        Assert.Multiple(() =>
        {
            Assert.That(imported.SessionId, Is.EqualTo(outbound.SessionId));
            Assert.That(imported.FirstKnownIndex, Is.EqualTo(1u));
            Assert.That(imported.Decrypt(messages[2]).Text, Is.EqualTo("m2"));
            Assert.That(imported.Decrypt(messages[1]).MessageIndex, Is.EqualTo(1u));
        });
        Assert.Throws<VodozemacException>(() => imported.Decrypt(messages[0]));
        Assert.Throws<VodozemacException>(() => imported.ExportAt(0), "cannot export below the first known index");
    }

    [Test]
    public void Malformed_session_keys_are_rejected()
    {
        Assert.Throws<VodozemacException>(() => _ = new InboundGroupSession("not a session key"));
        Assert.Throws<VodozemacException>(() => InboundGroupSession.Import("AAAA"));

        using var outbound = new GroupSession();
        var signedKey = outbound.SessionKey;
        // The signed session key's last 64 bytes are its signature: a flipped bit there must be rejected.
        Assert.Throws<VodozemacException>(() => _ = new InboundGroupSession(Tamper.FlipByte(signedKey, -1)));
        using var inbound = new InboundGroupSession(signedKey);
        Assert.That(inbound.SessionId, Is.EqualTo(outbound.SessionId));
    }
}
