namespace Matrix.Complement.Scenarios.Auth.Support;

/// <summary>
/// What the auth scenarios run against, as their fixture argument, so every result name says it:
/// <c>js@hs1|auth-stand-in</c> (a js client on hs1, which delegates auth to the auth server STAND-IN, not MAS).
/// </summary>
public sealed record AuthTarget
{
    /// <summary>The one target: js clients against the stand-in.</summary>
    public static IEnumerable<AuthTarget> StandIn { get; } = [new AuthTarget()];

    /// <inheritdoc />
    public override string ToString() => "js@hs1|auth-stand-in";
}
