namespace Matrix.Complement.Harness.Auth;

/// <summary>Which auth server a homeserver delegates to (<see cref="AuthSettings.Mode"/>).</summary>
public enum AuthMode
{
    /// <summary>No delegation: the homeserver's own password login and open registration (the default image contract).</summary>
    None,

    /// <summary>The in-process OAuth 2.0 STAND-IN (<see cref="StandIn.AuthServerStandIn"/>): offline, never MAS conformance.</summary>
    StandIn,

    /// <summary>The real Matrix Authentication Service and PostgreSQL in containers (needs their images).</summary>
    Mas,
}
