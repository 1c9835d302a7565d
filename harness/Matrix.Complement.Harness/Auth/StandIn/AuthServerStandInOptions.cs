namespace Matrix.Complement.Harness.Auth.StandIn;

/// <summary>How an <see cref="AuthServerStandIn"/> is started.</summary>
public sealed record AuthServerStandInOptions
{
    /// <summary>The secret shared with Synapse; default a fresh random one.</summary>
    public string? SharedSecret { get; init; }

    /// <summary>Access token lifetime (the <c>expires_in</c> of token and introspection answers).</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The port to listen on.</summary>
    public int Port { get; init; } = AuthAddresses.AuthServerPort;
}
