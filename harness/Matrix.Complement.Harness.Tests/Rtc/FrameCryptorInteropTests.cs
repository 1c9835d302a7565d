using System.Buffers.Binary;
using Matrix.Complement.Harness.Rtc;
using Matrix.Complement.NUnit;

namespace Matrix.Complement.Harness.Tests.Rtc;

/// <summary>
/// The C# LiveKit frame cryptor against livekit-client's own (its FrameCryptor and ParticipantKeyHandler in
/// Chromium, issue 9 item 3, M2/M3 of notes/rtc-auth.md): frames encrypted by one decrypt in the other for audio
/// and video shapes, with HKDF media keys and PBKDF2 passphrases, across ratchets; wrong keys, key indices the
/// receiver does not hold and tampered frames fail on both sides.
/// </summary>
[Category("Browser"), Msc(4195)]
public sealed class FrameCryptorInteropTests : OracleFixture
{
    [TestCaseSource(typeof(FrameSamples), nameof(FrameSamples.Shapes)), CancelAfter(60_000)]
    public async Task A_frame_encrypted_in_csharp_decrypts_in_livekit_client(MediaFrame frame, CancellationToken ct)
    {
        var key = FrameSamples.Key(1);
        var sender = new FrameCryptor(new FrameKeyRing().SetKey(0, FrameSamples.Key(0)).SetKey(3, key));

        var encrypted = frame.WithData(sender.Encrypt(frame));
        var result = await Oracle.DecryptAsync(new() { Keys = [new(3, key)] }, [encrypted], ct);

        Assert.That(result.Frames[0], Is.EqualTo(frame.Data.ToArray()), Describe(result));
    }

    [TestCaseSource(typeof(FrameSamples), nameof(FrameSamples.Shapes)), CancelAfter(60_000)]
    public async Task A_frame_encrypted_by_livekit_client_decrypts_in_csharp_and_has_livekits_layout(MediaFrame frame,
        CancellationToken ct)
    {
        var key = FrameSamples.Key(2);

        var result = await Oracle.EncryptAsync(new() { Keys = [new(0, FrameSamples.Key(0)), new(5, key)] }, [frame], ct);
        var encrypted = result.Frames[0] ?? throw new AssertionException("livekit-client dropped the frame: " + Describe(result));

        var clear = frame.UnencryptedBytes;
        Assert.That(encrypted, Has.Length.EqualTo(frame.Data.Length + FrameCryptor.TagLength + FrameCryptor.IvLength + 2));
        Assert.That(encrypted[..clear], Is.EqualTo(frame.Data[..clear].ToArray()), "clear header bytes");
        Assert.That(encrypted[^2..], Is.EqualTo(new byte[] { 12, 5 }), "trailer: IV length, key index");
        var iv = encrypted.AsSpan(encrypted.Length - 14, 12);
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(iv), Is.EqualTo(frame.Ssrc), "IV starts with the SSRC");
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(iv[4..]), Is.EqualTo(frame.Timestamp), "then the RTP timestamp");
        var receiver = new FrameCryptor(new FrameKeyRing().SetKey(5, key));
        Assert.That(receiver.Decrypt(frame.WithData(encrypted)), Is.EqualTo(frame.Data.ToArray()));
    }

    [Test, CancelAfter(60_000)]
    public async Task Passphrase_keys_derive_alike_both_ways(CancellationToken ct)
    {
        var frame = FrameSamples.Frame(MediaFrameKind.VideoDelta, VideoCodec.Vp8, 300, seed: 7);
        const string passphrase = "correct horse battery staple";
        var csharp = new FrameCryptor(new FrameKeyRing().SetPassphrase(0, passphrase));

        var toLivekit = await Oracle.DecryptAsync(new() { Keys = [new(0, Passphrase: passphrase)] },
            [frame.WithData(csharp.Encrypt(frame))], ct);
        var fromLivekit = await Oracle.EncryptAsync(new() { Keys = [new(0, Passphrase: passphrase)] }, [frame], ct);

        Assert.That(toLivekit.Frames[0], Is.EqualTo(frame.Data.ToArray()), Describe(toLivekit));
        Assert.That(csharp.Decrypt(frame.WithData(fromLivekit.Frames[0]!)), Is.EqualTo(frame.Data.ToArray()));
    }

    [Test, CancelAfter(60_000)]
    public async Task Sixteen_byte_media_keys_as_matrix_js_sdk_makes_them_work_both_ways(CancellationToken ct)
    {
        var frame = FrameSamples.Frame(MediaFrameKind.Audio, VideoCodec.Vp8, 80, seed: 8);
        var key = FrameSamples.ShortKey(1);
        var csharp = new FrameCryptor(new FrameKeyRing(LiveKitKeyOptions.ElementCall).SetKey(200, key));
        var request = new LiveKitOracleRequest { Keys = [new(200, key)], Options = LiveKitKeyOptions.ElementCall };

        var toLivekit = await Oracle.DecryptAsync(request, [frame.WithData(csharp.Encrypt(frame))], ct);
        var fromLivekit = await Oracle.EncryptAsync(request, [frame], ct);

        Assert.That(toLivekit.Frames[0], Is.EqualTo(frame.Data.ToArray()), Describe(toLivekit));
        Assert.That(fromLivekit.Frames[0]![^1], Is.EqualTo(200), "key index 200 in a 256-slot ring");
        Assert.That(csharp.Decrypt(frame.WithData(fromLivekit.Frames[0]!)), Is.EqualTo(frame.Data.ToArray()));
    }

    [Test, CancelAfter(60_000)]
    public async Task Ratcheted_keys_match_and_csharp_receivers_catch_up_within_the_window(CancellationToken ct)
    {
        var frame = FrameSamples.Frame(MediaFrameKind.VideoKey, VideoCodec.Vp8, 500, seed: 9);
        var key = FrameSamples.Key(3);

        // livekit-client ratchets its sender twice; its chain keys equal ours, and our receiver catches up
        var fromLivekit = await Oracle.EncryptAsync(new() { Keys = [new(0, key)], Ratchets = 2 }, [frame], ct);
        var first = FrameKeyMaterial.FromBytes(key);
        Assert.That(fromLivekit.ChainKeys, Is.EqualTo(new[] { first.ChainKey(), first.Ratchet().ChainKey() }), "chain keys");
        var receiver = new FrameCryptor(new FrameKeyRing().SetKey(0, key));
        var decrypted = receiver.TryDecrypt(frame.WithData(fromLivekit.Frames[0]!));
        Assert.That(decrypted.Plaintext, Is.EqualTo(frame.Data.ToArray()));
        Assert.That(decrypted.Ratchets, Is.EqualTo(2));
    }

    /// <remarks>
    /// livekit-client 2.23.0's receiver re-derives the same first ratchet step on every attempt of its window
    /// (<c>ratchetKey(index, false)</c> ratchets the stored key, which it only replaces on success), so it catches
    /// up one step, not <c>ratchetWindowSize</c> steps. The C# receiver follows the documented window.
    /// </remarks>
    [Test, CancelAfter(60_000)]
    public async Task Livekit_client_receivers_catch_up_exactly_one_ratchet_step(CancellationToken ct)
    {
        var frame = FrameSamples.Frame(MediaFrameKind.VideoDelta, VideoCodec.Vp8, 200, seed: 10);
        var key = FrameSamples.Key(4);
        var sender = new FrameCryptor(new FrameKeyRing().SetKey(0, key));

        sender.Keys.Ratchet();
        var oneStep = await Oracle.DecryptAsync(new() { Keys = [new(0, key)] }, [frame.WithData(sender.Encrypt(frame))], ct);
        sender.Keys.Ratchet();
        var twoSteps = await Oracle.DecryptAsync(new() { Keys = [new(0, key)] }, [frame.WithData(sender.Encrypt(frame))], ct);

        Assert.That(oneStep.Frames[0], Is.EqualTo(frame.Data.ToArray()), "one step: " + Describe(oneStep));
        Assert.That(twoSteps.Frames[0], Is.Null, "livekit-client now catches up two ratchet steps: widen this test");
    }

    private static string Describe(LiveKitOracleResult result) =>
        $"livekit-client errors: [{string.Join("; ", result.Errors)}], warnings: [{string.Join("; ", result.Warnings)}]";
}
