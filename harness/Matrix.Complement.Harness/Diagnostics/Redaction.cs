using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Matrix.Complement.Harness.Diagnostics;

/// <summary>
/// Removes secrets from anything the harness writes: access tokens, passwords, recovery keys and secret-storage
/// payloads, by shape (JSON fields, bearer headers, query parameters) and by value (every secret the harness has
/// registered as it created it).
/// </summary>
public static partial class Redaction
{
    private static readonly ConcurrentDictionary<string, byte> Known = new();

    /// <summary>The text that replaces a secret.</summary>
    public const string Mask = "<redacted>";

    /// <summary>Registers a secret value so it is masked wherever it appears, whatever the surrounding shape.</summary>
    public static void Register(string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 6) Known.TryAdd(secret, 0);
    }

    /// <summary>Returns <paramref name="text"/> with every secret masked.</summary>
    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        foreach (var secret in Known.Keys)
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        text = SecretJsonField().Replace(text, m => $"{m.Groups[1].Value}\"{Mask}\"");
        text = BearerHeader().Replace(text, $"$1{Mask}");
        text = TokenQuery().Replace(text, $"$1{Mask}");
        text = RecoveryKey().Replace(text, Mask);
        return text;
    }

    [GeneratedRegex("(\"(?:access_token|refresh_token|password|new_password|recovery_key|recoveryKey|accessToken|refreshToken|private_key|privateKey|passphrase|ciphertext|mac|iv|session_key|token)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"", RegexOptions.IgnoreCase)]
    private static partial Regex SecretJsonField();

    [GeneratedRegex(@"((?:Authorization|authorization)\s*[:=]\s*""?Bearer\s+)[A-Za-z0-9._~+/=-]+")]
    private static partial Regex BearerHeader();

    [GeneratedRegex(@"([?&](?:access_token|token)=)[^&\s""]+")]
    private static partial Regex TokenQuery();

    // Matrix recovery keys: 48 base58 characters shown in 12 groups of 4.
    [GeneratedRegex(@"\bE[sS]\w{2}(?: \w{4}){11}\b")]
    private static partial Regex RecoveryKey();
}
