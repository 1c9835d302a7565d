using Matrix.Complement.Harness.Configuration;

namespace Matrix.Complement.Harness.Auth;

/// <summary>
/// The settings of next-generation auth (issue 10), declared once in <see cref="HarnessSettings"/> (and the README).
/// </summary>
public static class AuthSettings
{
    /// <summary>Selects the auth server of the auth scenarios.</summary>
    public static Setting Mode => HarnessSettings.Auth;

    /// <summary>The MAS image of the `mas` mode.</summary>
    public static Setting MasImage => HarnessSettings.MasImage;

    /// <summary>The PostgreSQL image of the `mas` mode.</summary>
    public static Setting PostgresImage => HarnessSettings.PostgresImage;

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
