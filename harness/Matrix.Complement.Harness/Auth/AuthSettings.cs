using Matrix.Complement.Harness.Configuration;

namespace Matrix.Complement.Harness.Auth;

/// <summary>
/// The environment variables of next-generation auth (issue 10). They belong in <see cref="HarnessSettings.All"/>
/// and README; until then this is their single source.
/// </summary>
public static class AuthSettings
{
    /// <summary>Selects the auth server of the auth scenarios.</summary>
    public static readonly Setting Mode = new("MATRIX_COMPLEMENT_AUTH", "standin",
        "`standin` (in-process OAuth 2.0 stand-in, offline; never reported as MAS conformance), `mas` (MAS + " +
        "PostgreSQL containers; skipped naming the images where they are missing) or `none` (skip the auth scenarios).");

    /// <summary>The MAS image of the `mas` mode.</summary>
    public static readonly Setting MasImage = new("MATRIX_COMPLEMENT_MAS_IMAGE",
        "`element-hq/matrix-authentication-service:latest`", "Matrix Authentication Service image (give the full reference with its registry).");

    /// <summary>The PostgreSQL image of the `mas` mode.</summary>
    public static readonly Setting PostgresImage = new("MATRIX_COMPLEMENT_POSTGRES_IMAGE",
        "`postgres:13.3-alpine`", "PostgreSQL image MAS stores its state in.");

    /// <summary>The mode <see cref="Mode"/> selects; throws on a value it does not know.</summary>
    public static AuthMode SelectedMode => Parse(Mode.Value);

    /// <summary>Parses a mode name (case-insensitive; <c>null</c> or empty is <see cref="AuthMode.StandIn"/>).</summary>
    public static AuthMode Parse(string? value) => (value ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "standin" or "stand-in" => AuthMode.StandIn,
        "mas" => AuthMode.Mas,
        "none" or "off" => AuthMode.None,
        _ => throw new InvalidOperationException(
            $"{Mode.Name}='{value}' is not a mode; use `standin`, `mas` or `none`."),
    };
}
