using Matrix.Complement.Harness.Deployment;

namespace Matrix.Complement.Harness.Auth;

/// <summary>
/// Where the auth servers listen inside a <see cref="LoopbackSlot"/>: beside hsN (127.0.k.(10+N)) and the proxies
/// (127.0.k.(110+N)), the auth server takes 127.0.k.200 and MAS's PostgreSQL 127.0.k.201.
/// </summary>
public static class AuthAddresses
{
    /// <summary>The auth server's HTTP port (MAS's default).</summary>
    public const int AuthServerPort = 8080;

    /// <summary>MAS's internal listener (health).</summary>
    public const int MasHealthPort = 8081;

    /// <summary>PostgreSQL's port.</summary>
    public const int PostgresPort = 5432;

    /// <summary>The auth server's address (the stand-in or MAS) in <paramref name="slot"/>.</summary>
    public static IPAddress AuthServerAddress(this LoopbackSlot slot) => AuthServerAddress(slot.Number);

    /// <summary>The auth server's address in slot number <paramref name="slot"/>: 127.0.k.200.</summary>
    public static IPAddress AuthServerAddress(int slot) => new([127, 0, (byte)slot, 200]);

    /// <summary>PostgreSQL's address for MAS in <paramref name="slot"/>: 127.0.k.201.</summary>
    public static IPAddress PostgresAddress(this LoopbackSlot slot) => new([127, 0, (byte)slot.Number, 201]);

    /// <summary>The auth server's base URL (with a trailing slash) at <paramref name="address"/>.</summary>
    public static Uri AuthServerBaseUrl(IPAddress address) => new($"http://{address}:{AuthServerPort}/");
}
