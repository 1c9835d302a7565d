using Matrix.Complement.Harness.Rtc;
using Matrix.Complement.NUnit;

namespace Matrix.Complement.Harness.Tests.Rtc;

/// <summary>
/// What must not decrypt, on both sides (issue 9 item 3, M3 of notes/rtc-auth.md): a frame under a wrong key, a
/// frame whose key index the receiver does not hold (rotated past it, or only the old one held), and frames with
/// one byte changed in the clear header, the ciphertext, the tag, the IV or the key index.
/// </summary>
[Category("Browser"), Msc(4195)]
public sealed class FrameCryptorRejectionTests : OracleFixture
{
    private static readonly MediaFrame Frame = FrameSamples.Frame(MediaFrameKind.VideoKey, VideoCodec.Vp8, 400, seed: 11);

    [Test, CancelAfter(60_000)]
    public async Task A_wrong_key_fails_in_both(CancellationToken ct)
    {
        var (right, wrong) = (FrameSamples.Key(20), FrameSamples.Key(21));

        var toLivekit = await Oracle.DecryptAsync(new() { Keys = [new(0, wrong)] },
            [Frame.WithData(new FrameCryptor(new FrameKeyRing().SetKey(0, right)).Encrypt(Frame))], ct);
        var fromLivekit = await Oracle.EncryptAsync(new() { Keys = [new(0, right)] }, [Frame], ct);
        var csharp = new FrameCryptor(new FrameKeyRing().SetKey(0, wrong)).TryDecrypt(Frame.WithData(fromLivekit.Frames[0]!));

        Assert.That(toLivekit.Frames[0], Is.Null, "livekit-client decrypted under a wrong key");
        Assert.That(toLivekit.Errors, Is.Not.Empty, "livekit-client reports the failure");
        Assert.That(csharp.Failure, Is.EqualTo(FrameDecryptionFailure.InvalidKey));
        Assert.That(csharp.Ratchets, Is.EqualTo(LiveKitKeyOptions.Default.RatchetWindowSize), "gave up after the ratchet window");
    }

    [Test, CancelAfter(60_000)]
    public async Task A_key_index_the_receiver_does_not_hold_fails_in_both(CancellationToken ct)
    {
        // The sender rotated from index 0 to index 1; the receiver holds only the old key (and vice versa).
        var (old, rotated) = (FrameSamples.Key(30), FrameSamples.Key(31));
        var csharpSender = new FrameCryptor(new FrameKeyRing().SetKey(0, old).SetKey(1, rotated));

        var newFrameToLivekit = await Oracle.DecryptAsync(new() { Keys = [new(0, old)] }, [Frame.WithData(csharpSender.Encrypt(Frame))], ct);
        var livekitNew = await Oracle.EncryptAsync(new() { Keys = [new(0, old), new(1, rotated)] }, [Frame], ct);
        var livekitOld = await Oracle.EncryptAsync(new() { Keys = [new(0, old)] }, [Frame], ct);
        var oldOnly = new FrameCryptor(new FrameKeyRing().SetKey(0, old));
        var newOnly = new FrameCryptor(new FrameKeyRing().SetKey(1, rotated));
        var oldFrameToLivekit = await Oracle.DecryptAsync(new() { Keys = [new(1, rotated)] }, [Frame.WithData(livekitOld.Frames[0]!)], ct);

        Assert.That(newFrameToLivekit.Frames[0], Is.Null, "livekit-client decrypted index 1 holding only index 0");
        Assert.That(newFrameToLivekit.Errors, Has.Some.Contains("missing key at index 1"));
        Assert.That(livekitNew.Frames[0]![^1], Is.EqualTo(1), "livekit-client sends with the rotated index");
        Assert.That(oldOnly.TryDecrypt(Frame.WithData(livekitNew.Frames[0]!)).Failure, Is.EqualTo(FrameDecryptionFailure.MissingKey));
        Assert.That(newOnly.TryDecrypt(Frame.WithData(livekitOld.Frames[0]!)).Failure, Is.EqualTo(FrameDecryptionFailure.MissingKey));
        Assert.That(oldFrameToLivekit.Frames[0], Is.Null, "livekit-client decrypted index 0 holding only index 1");
    }

    [Test, CancelAfter(60_000)]
    public async Task A_key_index_beyond_the_key_ring_fails_in_both(CancellationToken ct)
    {
        // Index 20 is stored at slot 20 % 16 = 4 by both, but a frame naming 20 is looked up at 20: never found.
        var key = FrameSamples.Key(40);
        var sender = new FrameCryptor(new FrameKeyRing(LiveKitKeyOptions.ElementCall).SetKey(20, key));
        var encrypted = Frame.WithData(sender.Encrypt(Frame));

        var livekit = await Oracle.DecryptAsync(new() { Keys = [new(20, key)] }, [encrypted], ct);
        var csharp = new FrameCryptor(new FrameKeyRing().SetKey(20, key)).TryDecrypt(encrypted);

        Assert.That(livekit.Frames[0], Is.Null, Describe(livekit));
        Assert.That(csharp.Failure, Is.EqualTo(FrameDecryptionFailure.MissingKey));
    }

    [TestCase("clear header", 0), TestCase("ciphertext", 100), TestCase("tag", -16 - 14), TestCase("IV", -14 + 8),
     TestCase("key index", -1), CancelAfter(60_000)]
    public async Task A_tampered_frame_fails_in_both(string part, int offset, CancellationToken ct)
    {
        var key = FrameSamples.Key(50);
        var fromCsharp = new FrameCryptor(new FrameKeyRing().SetKey(0, key)).Encrypt(Frame);
        var fromLivekit = (await Oracle.EncryptAsync(new() { Keys = [new(0, key)] }, [Frame], ct)).Frames[0]!;
        var control = await Oracle.DecryptAsync(new() { Keys = [new(0, key)] }, [Frame.WithData(fromCsharp)], ct);
        Assert.That(control.Frames[0], Is.EqualTo(Frame.Data.ToArray()), "untampered control: " + Describe(control));

        var livekit = await Oracle.DecryptAsync(new() { Keys = [new(0, key)] }, [Frame.WithData(Flip(fromCsharp, offset))], ct);
        var csharp = new FrameCryptor(new FrameKeyRing().SetKey(0, key)).TryDecrypt(Frame.WithData(Flip(fromLivekit, offset)));

        Assert.That(livekit.Frames[0], Is.Null, $"livekit-client accepted a frame with its {part} changed");
        Assert.That(csharp.Succeeded, Is.False, $"C# accepted a frame with its {part} changed");
    }

    private static byte[] Flip(byte[] frame, int offset)
    {
        var copy = frame.ToArray();
        copy[offset >= 0 ? offset : copy.Length + offset] ^= 0x01;
        return copy;
    }

    private static string Describe(LiveKitOracleResult result) =>
        $"livekit-client errors: [{string.Join("; ", result.Errors)}], warnings: [{string.Join("; ", result.Warnings)}]";
}
