namespace Matrix.Complement.Harness.Clients;

/// <summary>How a client syncs: a second axis of the client matrix.</summary>
public enum SyncMode
{
    /// <summary>Classic <c>/sync</c> (client-server API v3).</summary>
    V2,

    /// <summary>Simplified Sliding Sync (MSC4186), served natively by the homeserver.</summary>
    Msc4186,
}
