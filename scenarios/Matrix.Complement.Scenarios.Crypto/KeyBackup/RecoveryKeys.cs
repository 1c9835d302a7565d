using System.Numerics;
using System.Security.Cryptography;

namespace Matrix.Complement.Scenarios.Crypto.KeyBackup;

/// <summary>
/// Recovery keys as the spec encodes them (<c>client-server-api/#recovery-key</c>): the prefix <c>0x8B 0x01</c>,
/// the 32-byte key, a parity byte (XOR of all previous bytes), in Bitcoin base58, in groups of four characters.
/// </summary>
public static class RecoveryKeys
{
    private const string Base58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>A well-formed recovery key for a random key: accepted by any decoder, opening nothing.</summary>
    public static RecoveryKey WellFormedRandom()
    {
        var bytes = new byte[35];
        bytes[0] = 0x8B;
        bytes[1] = 0x01;
        RandomNumberGenerator.Fill(bytes.AsSpan(2, 32));
        bytes[34] = bytes.AsSpan(0, 34).ToArray().Aggregate((byte)0, (parity, b) => (byte)(parity ^ b));
        var encoded = EncodeBase58(bytes);
        return new RecoveryKey(string.Join(' ', encoded.Chunk(4).Select(c => new string(c))));
    }

    private static string EncodeBase58(byte[] bytes)
    {
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var chars = new List<char>();
        while (value > 0)
        {
            chars.Add(Base58[(int)(value % 58)]);
            value /= 58;
        }
        chars.AddRange(bytes.TakeWhile(b => b == 0).Select(_ => '1'));
        chars.Reverse();
        return new string([.. chars]);
    }
}
