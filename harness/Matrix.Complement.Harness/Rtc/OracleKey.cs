namespace Matrix.Complement.Harness.Rtc;

/// <summary>One key for the livekit-client oracle's key ring: raw bytes (HKDF) or a passphrase (PBKDF2).</summary>
/// <param name="Index">Key index.</param>
/// <param name="Key">Raw key bytes, or null when <paramref name="Passphrase"/> is given.</param>
/// <param name="Passphrase">A passphrase, or null.</param>
public sealed record OracleKey(int Index, byte[]? Key = null, string? Passphrase = null);
