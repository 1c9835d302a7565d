namespace Vodozemac.Net;

/// <summary>A decrypted Megolm message.</summary>
/// <param name="Plaintext">The decrypted content (UTF-8 JSON in Matrix).</param>
/// <param name="MessageIndex">The ratchet index the message was encrypted at.</param>
public sealed record MegolmDecryptResult(byte[] Plaintext, uint MessageIndex)
{
    /// <summary>The plaintext decoded as UTF-8.</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Plaintext);
}
