namespace Matrix.Complement.Harness.Rtc;

/// <summary>What a recorded <see cref="RtcKeyEvent"/> must match; every field that is set must hold.</summary>
public sealed record RtcKeyMatch
{
    /// <summary>The call's room.</summary>
    public string? RoomId { get; init; }

    /// <summary>Whose key.</summary>
    public string? UserId { get; init; }

    /// <summary>Whose device's key.</summary>
    public string? DeviceId { get; init; }

    /// <summary>The key index.</summary>
    public int? Index { get; init; }

    /// <summary>The key's hash.</summary>
    public string? KeyHash { get; init; }

    /// <summary>Own key (true) or another participant's (false).</summary>
    public bool? Own { get; init; }

    /// <summary>Recorded after this time (epoch milliseconds).</summary>
    public double? After { get; init; }

    /// <summary>The key <paramref name="key"/> (same owner, index and hash) as seen by another participant.</summary>
    public static RtcKeyMatch SameAs(RtcKeyEvent key) =>
        new() { RoomId = key.RoomId, UserId = key.UserId, DeviceId = key.DeviceId, Index = key.Index, KeyHash = key.KeyHash, Own = false };

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", new[]
    {
        UserId is null ? null : $"user {UserId}", DeviceId is null ? null : $"device {DeviceId}",
        Index is null ? null : $"index {Index}", KeyHash is null ? null : $"key#{KeyHash}",
        Own is null ? null : Own.Value ? "own" : "received", After is null ? null : $"after {After:F0}",
    }.Where(p => p is not null));
}
