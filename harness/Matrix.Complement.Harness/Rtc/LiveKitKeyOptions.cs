namespace Matrix.Complement.Harness.Rtc;

/// <summary>
/// LiveKit's key-provider options that shape frame encryption (livekit-client <c>KEY_PROVIDER_DEFAULTS</c>,
/// notes/rtc-auth.md §1.4). <see cref="Default"/> is the library default; <see cref="ElementCall"/> is what Element
/// Call's <c>MatrixKeyProvider</c> uses for per-participant keys.
/// </summary>
public sealed record LiveKitKeyOptions
{
    /// <summary>livekit-client's defaults: key ring 16, ratchet window 8.</summary>
    public static LiveKitKeyOptions Default { get; } = new();

    /// <summary>Element Call's per-participant provider: key ring 256, ratchet window 10.</summary>
    public static LiveKitKeyOptions ElementCall { get; } = new() { KeyringSize = 256, RatchetWindowSize = 10 };

    /// <summary>Salt of both the encryption-key derivation and the ratchet (<c>LKFrameEncryptionKey</c>).</summary>
    public string RatchetSalt { get; init; } = "LKFrameEncryptionKey";

    /// <summary>AES key size in bits (128).</summary>
    public int KeySizeBits { get; init; } = 128;

    /// <summary>How many times a receiver ratchets a key that fails to decrypt before giving up (0: never).</summary>
    public int RatchetWindowSize { get; init; } = 8;

    /// <summary>Slots in a participant's key ring; key indices at or above it are never found (1..256).</summary>
    public int KeyringSize { get; init; } = 16;
}
