namespace Matrix.Complement.Harness.Rtc;

/// <summary>The outcome of <see cref="FrameCryptor.TryDecrypt"/>: the plaintext frame, or why not.</summary>
/// <param name="Plaintext">The decrypted frame bytes (clear header + plaintext), or null on failure.</param>
/// <param name="Failure">Why it failed, or null on success.</param>
/// <param name="KeyIndex">The key index the frame's trailer names (-1 when unreadable).</param>
/// <param name="Ratchets">How many ratchet steps the key needed (0 when it worked as set).</param>
public sealed record FrameDecryption(byte[]? Plaintext, FrameDecryptionFailure? Failure, int KeyIndex, int Ratchets)
{
    /// <summary>True when the frame decrypted.</summary>
    public bool Succeeded => Plaintext is not null;
}
