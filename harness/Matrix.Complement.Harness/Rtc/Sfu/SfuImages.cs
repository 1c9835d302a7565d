using Docker.DotNet;
using Matrix.Complement.Harness.Configuration;
using Matrix.Complement.Harness.Deployment;

namespace Matrix.Complement.Harness.Rtc.Sfu;

/// <summary>
/// The images of the SFU path (livekit-server and lk-jwt-service). They are pulled, never built, so on machines
/// without a reachable image registry they are missing and the SFU tests are skipped naming them. Override with
/// <c>MATRIX_COMPLEMENT_LIVEKIT_IMAGE</c> and <c>MATRIX_COMPLEMENT_LK_JWT_SERVICE_IMAGE</c> (full references,
/// registry included, for images outside the default registry).
/// </summary>
public static class SfuImages
{
    /// <summary>livekit-server (the pin element-web's CI uses).</summary>
    public static string LiveKitServer => HarnessSettings.Lookup("MATRIX_COMPLEMENT_LIVEKIT_IMAGE") ?? "livekit/livekit-server:v1.13.7";

    /// <summary>lk-jwt-service (the version element-web's CI uses; published by element-hq on GitHub's registry).</summary>
    public static string LkJwtService => HarnessSettings.Lookup("MATRIX_COMPLEMENT_LK_JWT_SERVICE_IMAGE") ?? "element-hq/lk-jwt-service:0.6.0";

    /// <summary>The SFU images not present in the local Docker engine (all of them when no engine answers).</summary>
    public static Task<IReadOnlyList<string>> MissingAsync(CancellationToken ct = default) =>
        DockerEngine.MissingImagesAsync(new[] { LiveKitServer, LkJwtService }, ct);
}
