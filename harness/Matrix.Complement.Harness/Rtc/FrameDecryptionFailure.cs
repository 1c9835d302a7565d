namespace Matrix.Complement.Harness.Rtc;

/// <summary>Why a frame did not decrypt (livekit-client's <c>CryptorErrorReason</c>, as far as it applies).</summary>
public enum FrameDecryptionFailure
{
    /// <summary>No key at the frame's key index (never set, or beyond the key ring).</summary>
    MissingKey,

    /// <summary>A key is there, but neither it nor its ratchets within the window authenticate the frame.</summary>
    InvalidKey,

    /// <summary>The trailer is malformed (too short, or an IV length other than 12).</summary>
    MalformedFrame,
}
