namespace Matrix.Complement.Harness.Hunting;

/// <summary>
/// One step of a hunt: what happens, to which user and device. Devices are named <c>user#n</c>, numbered in the
/// order their user logged them in (<c>bob#2</c> is Bob's second device). Unused fields are null or zero.
/// </summary>
/// <param name="Kind">What happens.</param>
/// <param name="User">The user acting or acted on (the invitee for <see cref="HuntActionKind.Invite"/>); null for partitions.</param>
/// <param name="Device">The device number for device actions (send, logout, restart, crash, backup); 0 otherwise.</param>
/// <param name="Endpoint">For <see cref="HuntActionKind.EndpointFault"/>: one of <see cref="HuntEndpoints.Names"/>.</param>
/// <param name="Times">For <see cref="HuntActionKind.EndpointFault"/>: how many requests fail (1 or 2).</param>
public sealed record HuntAction(
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
    HuntActionKind Kind, string? User = null, int Device = 0, string? Endpoint = null, int Times = 0)
{
    /// <summary>The device this action names (<c>bob#2</c>), or null when it names none.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? DeviceName => Device > 0 && User is not null ? $"{User}#{Device}" : null;

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        HuntActionKind.Send => $"{DeviceName} sends",
        HuntActionKind.Invite => $"alice invites {User}",
        HuntActionKind.Join => $"{User} joins",
        HuntActionKind.Leave => $"{User} leaves",
        HuntActionKind.NewDevice => $"{User} logs in a new device",
        HuntActionKind.Logout => $"{DeviceName} logs out",
        HuntActionKind.Restart => $"{DeviceName} restarts",
        HuntActionKind.Crash => $"{DeviceName} crashes and starts again",
        HuntActionKind.EnableBackup => $"{DeviceName} enables key backup",
        HuntActionKind.RestoreBackup => $"{DeviceName} restores from key backup",
        HuntActionKind.EndpointFault => $"{Endpoint} fails {Times}x for {User}",
        HuntActionKind.Partition => "federation hs1 <-> hs2 partitioned",
        HuntActionKind.Heal => "federation partition heals",
        _ => Kind.ToString(),
    };
}
