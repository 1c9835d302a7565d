using System.Security.Cryptography;

namespace Vodozemac.Net;

/// <summary>Pickle keys: the 32-byte keys that encrypt pickled accounts and sessions.</summary>
public static class PickleKey
{
    /// <summary>The length of a pickle key in bytes.</summary>
    public const int Length = 32;

    /// <summary>A new random pickle key.</summary>
    public static byte[] Generate() => RandomNumberGenerator.GetBytes(Length);
}
