using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Matrix.Complement.Harness.Rtc;

/// <summary>
/// LiveKit's end-to-end frame encryption in C# (livekit-client <c>e2ee/worker/FrameCryptor.ts</c>,
/// notes/rtc-auth.md §1.4), for one participant's key ring. An encrypted frame is
/// <c>header ‖ AES-GCM(payload) ‖ tag(16) ‖ IV(12) ‖ IV length (12) ‖ key index</c>, where the header is the
/// frame's leading clear bytes (<see cref="MediaFrame.UnencryptedBytes"/>) and the AES-GCM additional data. The IV
/// is SSRC ‖ RTP timestamp ‖ (timestamp − send count mod 0xffff), all 32-bit big-endian, the send count starting
/// at a random value per SSRC. A receiver that fails to authenticate a frame ratchets the key up to
/// <see cref="LiveKitKeyOptions.RatchetWindowSize"/> times and keeps the ratcheted key when one works.
/// </summary>
/// <remarks>
/// Only VP8, VP9 and Opus frame layouts; H.264/H.265 (NALU-aware headers and RBSP escaping) are not implemented.
/// livekit-client's failure tolerance (a key index is dropped after 10 consecutive failures) and server-injected
/// frames are not modelled: every frame is tried on its own.
/// </remarks>
public sealed class FrameCryptor(FrameKeyRing keys)
{
    /// <summary>IV length, which the trailer also carries.</summary>
    public const int IvLength = 12;

    /// <summary>AES-GCM tag length appended to the ciphertext (WebCrypto's default).</summary>
    public const int TagLength = 16;

    /// <summary>Trailer bytes after the IV: IV length, key index.</summary>
    public const int TrailerLength = 2;

    private readonly Dictionary<uint, uint> _sendCounts = [];

    /// <summary>The key ring the cryptor encrypts with (current index) and decrypts with (frame's index).</summary>
    public FrameKeyRing Keys { get; } = keys;

    /// <summary>
    /// Encrypts a frame with the current key; an empty frame passes through unchanged, as livekit-client's DTX
    /// handling does.
    /// </summary>
    public byte[] Encrypt(MediaFrame frame)
    {
        var data = frame.Data.Span;
        if (data.Length == 0) return [];
        var keyIndex = Keys.CurrentIndex;
        var key = Keys.Get(keyIndex) ?? throw new InvalidOperationException($"No key at the current index {keyIndex} to encrypt with.");
        var clear = frame.UnencryptedBytes;
        if (data.Length < clear)
            throw new ArgumentException($"A {frame.Kind} frame needs at least {clear} bytes; this one has {data.Length}.", nameof(frame));

        var iv = MakeIv(frame.Ssrc, frame.Timestamp);
        var payloadLength = data.Length - clear;
        var output = new byte[clear + payloadLength + TagLength + IvLength + TrailerLength];
        data[..clear].CopyTo(output);
        using (var aes = new AesGcm(key.EncryptionKey, TagLength))
        {
            aes.Encrypt(iv, data[clear..], output.AsSpan(clear, payloadLength),
                output.AsSpan(clear + payloadLength, TagLength), data[..clear]);
        }
        iv.CopyTo(output.AsSpan(clear + payloadLength + TagLength));
        output[^2] = IvLength;
        output[^1] = (byte)keyIndex;
        return output;
    }

    /// <summary>Decrypts a frame with the key its trailer names; the failure reason instead of an exception.</summary>
    public FrameDecryption TryDecrypt(MediaFrame frame)
    {
        var data = frame.Data.Span;
        if (data.Length == 0) return new FrameDecryption([], null, -1, 0);
        var keyIndex = data[^1];
        var clear = frame.UnencryptedBytes;
        if (data.Length < clear + TrailerLength || data[^2] != IvLength ||
            data.Length < clear + TagLength + IvLength + TrailerLength)
            return new FrameDecryption(null, FrameDecryptionFailure.MalformedFrame, keyIndex, 0);
        var key = Keys.Get(keyIndex);
        if (key is null) return new FrameDecryption(null, FrameDecryptionFailure.MissingKey, keyIndex, 0);

        var candidate = key;
        for (var ratchets = 0; ; ratchets++)
        {
            if (TryOpen(candidate, data, clear) is { } plaintext)
            {
                if (ratchets > 0) Keys.Set(keyIndex, candidate); // keep the key that worked, as livekit-client does
                return new FrameDecryption(plaintext, null, keyIndex, ratchets);
            }
            if (ratchets >= Keys.Options.RatchetWindowSize)
                return new FrameDecryption(null, FrameDecryptionFailure.InvalidKey, keyIndex, ratchets);
            candidate = candidate.Ratchet();
        }
    }

    /// <summary>Decrypts a frame; throws <see cref="CryptographicException"/> naming the failure.</summary>
    public byte[] Decrypt(MediaFrame frame)
    {
        var result = TryDecrypt(frame);
        return result.Plaintext ?? throw new CryptographicException(
            $"{frame.Kind} frame with key index {result.KeyIndex} did not decrypt: {result.Failure} (after {result.Ratchets} ratchets).");
    }

    private static byte[]? TryOpen(FrameKeyMaterial key, ReadOnlySpan<byte> data, int clear)
    {
        var ivStart = data.Length - TrailerLength - IvLength;
        var cipherLength = ivStart - clear - TagLength;
        var plaintext = new byte[clear + cipherLength];
        data[..clear].CopyTo(plaintext);
        try
        {
            using var aes = new AesGcm(key.EncryptionKey, TagLength);
            aes.Decrypt(data.Slice(ivStart, IvLength), data.Slice(clear, cipherLength), data.Slice(clear + cipherLength, TagLength),
                plaintext.AsSpan(clear), data[..clear]);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private byte[] MakeIv(uint ssrc, uint timestamp)
    {
        if (!_sendCounts.TryGetValue(ssrc, out var sendCount))
            sendCount = (uint)RandomNumberGenerator.GetInt32(0xffff); // a random start, like the RTP sequence number
        _sendCounts[ssrc] = sendCount + 1;
        var iv = new byte[IvLength];
        BinaryPrimitives.WriteUInt32BigEndian(iv, ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(iv.AsSpan(8), unchecked(timestamp - sendCount % 0xffff));
        return iv;
    }
}
