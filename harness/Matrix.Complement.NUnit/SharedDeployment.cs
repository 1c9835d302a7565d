namespace Matrix.Complement.NUnit;

/// <summary>
/// The suite-wide hs1+hs2 deployment of one test assembly: created lazily under a lock on first use, torn down
/// by the assembly's <see cref="DeploymentSetUpFixture"/>. A start-up failure is kept and rethrown on every
/// access, so each test fails with the real cause rather than a cascade of unrelated errors.
/// </summary>
public static class SharedDeployment
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Deployment? _deployment;
    private static Exception? _failure;

    /// <summary>The shared deployment, started on first call.</summary>
    public static async Task<Deployment> GetAsync(CancellationToken ct = default)
    {
        await Gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_failure is not null)
                throw new InvalidOperationException("The shared deployment failed to start: " + _failure.Message, _failure);
            if (_deployment is not null) return _deployment;
            try
            {
                // Federation through the proxy, so scenarios can partition servers and watch federation flows.
                _deployment = await Deployment.StartAsync(new DeploymentOptions { RouteFederationThroughProxy = true }, ct)
                    .ConfigureAwait(false);
                return _deployment;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _failure = e;
                throw;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The deployment if one was started, without starting it.</summary>
    public static Deployment? Started => _deployment;

    /// <summary>Removes the shared deployment's containers.</summary>
    public static async Task DisposeAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_deployment is not null) await _deployment.DisposeAsync().ConfigureAwait(false);
            _deployment = null;
        }
        finally
        {
            Gate.Release();
        }
    }
}
