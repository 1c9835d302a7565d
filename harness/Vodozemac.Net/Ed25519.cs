using System.Text;
using Vodozemac.Net.Interop;

namespace Vodozemac.Net;

/// <summary>Ed25519 signature checks (strict verification, as vodozemac does for device and key signatures).</summary>
public static class Ed25519
{
    /// <summary>
    /// True when <paramref name="signature"/> (base64) is a valid signature of <paramref name="message"/> by
    /// <paramref name="publicKey"/> (base64); false when it is not. Throws <see cref="VodozemacException"/> when the
    /// key or the signature cannot be decoded.
    /// </summary>
    public static bool Verify(string publicKey, ReadOnlySpan<byte> message, string signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(signature);
        var result = NativeMethods.vz_ed25519_verify(publicKey, message, (nuint)message.Length, signature);
        return Native.Check(result, "verifying an Ed25519 signature") == 1;
    }

    /// <summary>As <see cref="Verify(string, ReadOnlySpan{byte}, string)"/>, for a UTF-8 message (canonical JSON).</summary>
    public static bool Verify(string publicKey, string message, string signature) =>
        Verify(publicKey, Encoding.UTF8.GetBytes(message), signature);
}
