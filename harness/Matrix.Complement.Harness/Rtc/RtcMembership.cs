namespace Matrix.Complement.Harness.Rtc;

/// <summary>One call membership as a participant's SDK sees it (a MatrixRTC <c>CallMembership</c>).</summary>
/// <param name="UserId">The user who sent the membership event.</param>
/// <param name="DeviceId">The device the membership is for.</param>
/// <param name="MemberId">The member id (<c>user:device</c> in matrix-js-sdk's compatibility mode).</param>
/// <param name="CreatedTs">When the membership was created (its <c>created_ts</c>, or the event's timestamp).</param>
/// <param name="RtcBackendIdentity">The LiveKit participant identity derived from the membership.</param>
public sealed record RtcMembership(string UserId, string DeviceId, string MemberId, long CreatedTs, string? RtcBackendIdentity)
{
    /// <summary>The participant as <c>user|device</c>, the form memberships are compared in.</summary>
    public string Participant => $"{UserId}|{DeviceId}";

    /// <inheritdoc />
    public override string ToString() => $"{UserId}/{DeviceId} (member {MemberId}, created {CreatedTs})";
}
