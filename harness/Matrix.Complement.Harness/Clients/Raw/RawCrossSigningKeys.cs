using Vodozemac.Net;

namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>
/// A raw device's cross-signing identity: master, self-signing and user-signing Ed25519 keys. Each key is the
/// Ed25519 half of its own vodozemac account (the binding's way to hold an Ed25519 key pair and sign with it).
/// </summary>
public sealed class RawCrossSigningKeys : IDisposable
{
    private readonly Account _master = new();
    private readonly Account _selfSigning = new();
    private readonly Account _userSigning = new();

    /// <summary>The master public key (base64).</summary>
    public string MasterKey => _master.Ed25519Key;

    /// <summary>The self-signing public key (base64).</summary>
    public string SelfSigningKey => _selfSigning.Ed25519Key;

    /// <summary>The user-signing public key (base64).</summary>
    public string UserSigningKey => _userSigning.Ed25519Key;

    /// <summary>The body of <c>/keys/device_signing/upload</c>: the three keys, the master one signed by <paramref name="device"/>, the others by the master key.</summary>
    public JsonObject UploadBody(RawDevice device) => new()
    {
        ["master_key"] = CanonicalJson.Sign(Key(device.UserId, "master", MasterKey), device.UserId, device.DeviceId, device.Sign),
        ["self_signing_key"] = CanonicalJson.Sign(Key(device.UserId, "self_signing", SelfSigningKey), device.UserId, MasterKey, _master.Sign),
        ["user_signing_key"] = CanonicalJson.Sign(Key(device.UserId, "user_signing", UserSigningKey), device.UserId, MasterKey, _master.Sign),
    };

    /// <summary>Signs a device's keys with the self-signing key (adds the signature to <paramref name="deviceKeys"/>).</summary>
    public JsonObject SignDevice(string userId, JsonObject deviceKeys) =>
        CanonicalJson.Sign(deviceKeys, userId, SelfSigningKey, _selfSigning.Sign);

    /// <summary>Frees the native keys.</summary>
    public void Dispose()
    {
        _master.Dispose();
        _selfSigning.Dispose();
        _userSigning.Dispose();
    }

    private static JsonObject Key(string userId, string usage, string publicKey) => new()
    {
        ["user_id"] = userId,
        ["usage"] = new JsonArray(usage),
        ["keys"] = new JsonObject { [$"ed25519:{publicKey}"] = publicKey },
    };
}
