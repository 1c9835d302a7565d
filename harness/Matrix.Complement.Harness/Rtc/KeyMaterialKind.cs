namespace Matrix.Complement.Harness.Rtc;

/// <summary>How LiveKit turns key material into an AES key (livekit-client <c>e2ee/utils.ts</c>).</summary>
public enum KeyMaterialKind
{
    /// <summary>Random bytes (a Matrix media key): HKDF-SHA256. The per-participant path of Element Call.</summary>
    Hkdf,

    /// <summary>A passphrase (shared-key links): PBKDF2-SHA256, 100 000 iterations.</summary>
    Pbkdf2,
}
