namespace Vodozemac.Net.Tests;

/// <summary>Bit flips in unpadded base64 payloads, for tamper tests.</summary>
internal static class Tamper
{
    /// <summary>The payload with byte <paramref name="position"/> (negative: from the end) XOR-ed with 0x01.</summary>
    public static string FlipByte(string unpaddedBase64, int position)
    {
        var bytes = Decode(unpaddedBase64);
        var at = position < 0 ? bytes.Length + position : position;
        bytes[at] ^= 0x01;
        return Convert.ToBase64String(bytes).TrimEnd('=');
    }

    /// <summary>The decoded length of an unpadded base64 payload.</summary>
    public static int Length(string unpaddedBase64) => Decode(unpaddedBase64).Length;

    private static byte[] Decode(string unpadded) =>
        Convert.FromBase64String(unpadded.PadRight(unpadded.Length + (4 - unpadded.Length % 4) % 4, '='));
}
