namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>How a raw device presents itself; the defaults are a well-behaved device.</summary>
public sealed record RawClientOptions
{
    /// <summary>One-time keys kept on the server (topped up when the server's count falls below half).</summary>
    public int OneTimeKeys { get; init; } = 50;

    /// <summary>Whether a fallback key is uploaded with the first keys.</summary>
    public bool FallbackKey { get; init; } = true;

    /// <summary>
    /// Adversarial: upload device keys whose self-signature is invalid (a real signature by the device's key, over other bytes), as a device a
    /// client must refuse to encrypt to or trust.
    /// </summary>
    public bool CorruptDeviceKeySignature { get; init; }
}
