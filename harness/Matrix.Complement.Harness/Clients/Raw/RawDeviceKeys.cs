namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>Another device's published keys, as <c>/keys/query</c> returned them and after their self-signature checked out.</summary>
/// <param name="UserId">The owner.</param>
/// <param name="DeviceId">The device id.</param>
/// <param name="Curve25519">The Curve25519 identity key (Olm).</param>
/// <param name="Ed25519">The Ed25519 fingerprint key (signatures).</param>
public sealed record RawDeviceKeys(string UserId, string DeviceId, string Curve25519, string Ed25519)
{
    /// <summary>
    /// Reads one device of a <c>/keys/query</c> answer. Null (with <paramref name="why"/>) when the entry names another
    /// user or device, lacks a key, or its self-signature does not verify: a client must ignore such a device.
    /// </summary>
    public static RawDeviceKeys? Parse(string userId, string deviceId, JsonObject keys, out string? why)
    {
        why = null;
        var curve = keys["keys"]?[$"curve25519:{deviceId}"]?.GetValue<string>();
        var ed = keys["keys"]?[$"ed25519:{deviceId}"]?.GetValue<string>();
        if ((string?)keys["user_id"] != userId || (string?)keys["device_id"] != deviceId)
            why = $"the entry for {userId}/{deviceId} names {(string?)keys["user_id"]}/{(string?)keys["device_id"]}";
        else if (curve is null || ed is null)
            why = $"{userId}/{deviceId} has no curve25519 or ed25519 key";
        else if (!CanonicalJson.HasValidSignature(keys, userId, deviceId, ed))
            why = $"{userId}/{deviceId}'s device keys are not validly self-signed";
        return why is null ? new RawDeviceKeys(userId, deviceId, curve!, ed!) : null;
    }

    /// <inheritdoc />
    public override string ToString() => $"{UserId}/{DeviceId}";
}
