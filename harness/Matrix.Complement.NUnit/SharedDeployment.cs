namespace Matrix.Complement.NUnit;

/// <summary>
/// The suite-wide hs1+hs2 deployment of one test assembly (a <see cref="LazyDeployment"/>), torn down by the
/// assembly's <see cref="DeploymentSetUpFixture"/>. Federation goes through the proxy, so scenarios can partition
/// servers and watch federation flows.
/// </summary>
public static class SharedDeployment
{
    private static readonly LazyDeployment Instance =
        new("the shared deployment", () => new DeploymentOptions { RouteFederationThroughProxy = true });

    /// <summary>The shared deployment, started on first call.</summary>
    public static Task<Deployment> GetAsync(CancellationToken ct = default) => Instance.GetAsync(ct);

    /// <summary>The deployment if one was started, without starting it.</summary>
    public static Deployment? Started => Instance.Started;

    /// <summary>Removes the shared deployment's containers.</summary>
    public static Task DisposeAsync() => Instance.DisposeAsync();
}
