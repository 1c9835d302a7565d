namespace Matrix.Complement.Harness.Rtc;

/// <summary>
/// One key-carrying message a client received, call or no call: a to-device message or a room event of a media-key
/// type (<c>io.element.call.encryption_keys</c>, <c>m.rtc.encryption_key</c> or its unstable name).
/// </summary>
/// <param name="Transport"><c>toDevice</c> or <c>room</c>.</param>
/// <param name="Type">The clear event type.</param>
/// <param name="Sender">The sending user.</param>
/// <param name="SenderDevice">The Olm sender device when known (encrypted to-device), else the claimed one or null.</param>
/// <param name="Encrypted">Whether it arrived encrypted (Olm for to-device, Megolm for room events).</param>
/// <param name="RoomId">The room the content names.</param>
/// <param name="ClaimedDeviceId">The device the content claims to be from.</param>
/// <param name="MemberId">The member id the content names.</param>
/// <param name="Index">The key index, when present.</param>
/// <param name="KeyHash">The key's hash (as <see cref="RtcKeyEvent.KeyHash"/>), when present.</param>
/// <param name="At">When the driver recorded it (epoch milliseconds).</param>
public sealed record RtcKeyMessage(string Transport, string Type, string Sender, string? SenderDevice, bool Encrypted,
    string? RoomId, string? ClaimedDeviceId, string? MemberId, int? Index, string? KeyHash, double At)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Transport} {Type} from {Sender}/{SenderDevice ?? "?"} (claims {ClaimedDeviceId ?? "?"}) index {Index?.ToString() ?? "?"} " +
        $"key#{KeyHash ?? "?"}{(Encrypted ? "" : " in clear")}";
}
