namespace Matrix.Complement.Harness.Rtc;

/// <summary>
/// One media key a participant's SDK installed (matrix-js-sdk's <c>MatrixRTCSessionEvent.EncryptionKeyChanged</c>):
/// its own outbound key once it uses it for sending, or another participant's key once received and matched to a
/// membership.
/// </summary>
/// <param name="RoomId">The call's room.</param>
/// <param name="UserId">Whose key it is.</param>
/// <param name="DeviceId">Whose device's key it is.</param>
/// <param name="MemberId">The membership's member id.</param>
/// <param name="Index">The key index (0..255, wrapping).</param>
/// <param name="Key">The raw key, base64.</param>
/// <param name="KeyHash">The first 16 hex characters of the key's SHA-256: names a key in messages without printing it.</param>
/// <param name="Own">True for this participant's own key.</param>
/// <param name="At">When the driver recorded it (epoch milliseconds).</param>
public sealed record RtcKeyEvent(string RoomId, string UserId, string DeviceId, string MemberId, int Index, string Key,
    string KeyHash, bool Own, double At)
{
    /// <summary>The owner as <c>user|device</c>.</summary>
    public string Participant => $"{UserId}|{DeviceId}";

    /// <summary>Whether this is the same key (same index and bytes) as <paramref name="other"/>.</summary>
    public bool SameKeyAs(RtcKeyEvent other) => Index == other.Index && Key == other.Key;

    /// <inheritdoc />
    public override string ToString() => $"{UserId}/{DeviceId} index {Index} key#{KeyHash}{(Own ? " (own)" : "")}";
}
