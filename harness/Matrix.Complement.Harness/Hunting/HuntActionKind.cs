namespace Matrix.Complement.Harness.Hunting;

/// <summary>What a <see cref="HuntAction"/> does. The names are the JSON names of a saved hunt scenario.</summary>
public enum HuntActionKind
{
    /// <summary>A device sends a text message in the room.</summary>
    Send,

    /// <summary>Alice invites a user.</summary>
    Invite,

    /// <summary>An invited user joins (every one of their devices is then in the room).</summary>
    Join,

    /// <summary>A joined user leaves.</summary>
    Leave,

    /// <summary>A user logs in on a new device.</summary>
    NewDevice,

    /// <summary>A device logs out (its user keeps at least one other device).</summary>
    Logout,

    /// <summary>A device stops cleanly and starts again from its storage.</summary>
    Restart,

    /// <summary>A device crashes and starts again from the storage the crash left.</summary>
    Crash,

    /// <summary>A device bootstraps cross-signing, secret storage and a new key backup for its user.</summary>
    EnableBackup,

    /// <summary>A device restores room keys from its user's key backup with the recovery key.</summary>
    RestoreBackup,

    /// <summary>The next N requests a user's devices make to one client-server endpoint fail with 503.</summary>
    EndpointFault,

    /// <summary>Federation between hs1 and hs2 is cut (until <see cref="Heal"/>).</summary>
    Partition,

    /// <summary>A federation partition heals.</summary>
    Heal,
}
