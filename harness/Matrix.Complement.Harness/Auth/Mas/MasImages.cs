using Docker.DotNet;
using Matrix.Complement.Harness.Deployment;

namespace Matrix.Complement.Harness.Auth.Mas;

/// <summary>
/// The images of the MAS path (MAS and PostgreSQL). They are pulled, never built, so where no image registry is
/// reachable they are missing and the MAS tests are skipped naming them.
/// </summary>
public static class MasImages
{
    /// <summary>The pinned MAS release used unless <see cref="AuthSettings.MasImage"/> says otherwise (docker-compose's default too).</summary>
    public const string DefaultMas = "element-hq/matrix-authentication-service:1.22.0";

    /// <summary>The PostgreSQL image used unless <see cref="AuthSettings.PostgresImage"/> says otherwise (docker-compose's default too).</summary>
    public const string DefaultPostgres = "postgres:13.3-alpine";

    /// <summary>Matrix Authentication Service (<see cref="AuthSettings.MasImage"/>).</summary>
    public static string Mas => AuthSettings.MasImage.Value ?? DefaultMas;

    /// <summary>PostgreSQL (<see cref="AuthSettings.PostgresImage"/>).</summary>
    public static string Postgres => AuthSettings.PostgresImage.Value ?? DefaultPostgres;

    /// <summary>The images not present in the local Docker engine (all of them when no engine answers).</summary>
    public static Task<IReadOnlyList<string>> MissingAsync(CancellationToken ct = default) =>
        DockerEngine.MissingImagesAsync(new[] { Mas, Postgres }, ct);
}
