using System.Security.Cryptography;
using System.Text;

namespace Matrix.Complement.Harness.Rtc;

/// <summary>
/// One LiveKit key: its material (raw media-key bytes for HKDF, passphrase bytes for PBKDF2), the AES key derived
/// from it, and the ratchet that derives the next material. Mirrors livekit-client's <c>deriveKeys</c> and
/// <c>ratchet</c>: salt = UTF-8 of <see cref="LiveKitKeyOptions.RatchetSalt"/>; HKDF with SHA-256 and an info of
/// 128 zero bytes; PBKDF2 with SHA-256 and 100 000 iterations; the ratchet derives 256 bits with the same
/// parameters and uses them as the next material of the same kind.
/// </summary>
public sealed class FrameKeyMaterial
{
    /// <summary>HKDF <c>info</c>: an all-zero 128-byte buffer.</summary>
    public const int HkdfInfoLength = 128;

    /// <summary>PBKDF2 iterations.</summary>
    public const int Pbkdf2Iterations = 100_000;

    /// <summary>Bits a ratchet step derives.</summary>
    public const int RatchetBits = 256;

    private readonly byte[] _material;

    private FrameKeyMaterial(byte[] material, KeyMaterialKind kind, LiveKitKeyOptions options)
    {
        _material = material;
        Kind = kind;
        Options = options;
        EncryptionKey = Derive(material, kind, options, options.KeySizeBits / 8);
    }

    /// <summary>How the material is stretched.</summary>
    public KeyMaterialKind Kind { get; }

    /// <summary>The options it was derived with.</summary>
    public LiveKitKeyOptions Options { get; }

    /// <summary>The AES-GCM key (16 bytes by default).</summary>
    public byte[] EncryptionKey { get; }

    /// <summary>The material, as a ratchet step or a key share would carry it.</summary>
    public ReadOnlySpan<byte> Material => _material;

    /// <summary>Key material from random bytes (a Matrix media key): HKDF, as <c>createKeyMaterialFromBuffer</c>.</summary>
    public static FrameKeyMaterial FromBytes(ReadOnlySpan<byte> key, LiveKitKeyOptions? options = null) =>
        new(key.ToArray(), KeyMaterialKind.Hkdf, options ?? LiveKitKeyOptions.Default);

    /// <summary>Key material from a passphrase: PBKDF2, as <c>createKeyMaterialFromString</c>.</summary>
    public static FrameKeyMaterial FromPassphrase(string passphrase, LiveKitKeyOptions? options = null) =>
        new(Encoding.UTF8.GetBytes(passphrase), KeyMaterialKind.Pbkdf2, options ?? LiveKitKeyOptions.Default);

    /// <summary>The next key of the chain (livekit-client <c>ratchet</c> + <c>importKey(chainKey, kind)</c>).</summary>
    public FrameKeyMaterial Ratchet() => new(ChainKey(), Kind, Options);

    /// <summary>The 32-byte chain key the next ratchet step uses as material.</summary>
    public byte[] ChainKey() => Derive(_material, Kind, Options, RatchetBits / 8);

    private static byte[] Derive(byte[] material, KeyMaterialKind kind, LiveKitKeyOptions options, int length)
    {
        var salt = Encoding.UTF8.GetBytes(options.RatchetSalt);
        return kind switch
        {
            KeyMaterialKind.Hkdf => HKDF.DeriveKey(HashAlgorithmName.SHA256, material, length, salt, new byte[HkdfInfoLength]),
            KeyMaterialKind.Pbkdf2 => Rfc2898DeriveBytes.Pbkdf2(material, salt, Pbkdf2Iterations, HashAlgorithmName.SHA256, length),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }
}
