using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Deployment.Profiles;

namespace Matrix.Complement.Scenarios.Invisible.Support;

/// <summary>
/// hs1+hs2 with the invisible-encryption profile (<see cref="InvisibleCryptoProfile"/>: dehydrated devices on), for
/// the scenarios that need it; started lazily under a lock on first use and removed by the assembly's
/// <c>ScenarioSetUp</c>. The shared deployment (<see cref="ScenarioTest"/>) has no experimental features, so
/// dehydrated-device scenarios run here. A start-up failure is kept and rethrown on every access.
/// </summary>
public static class InvisibleDeployment
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Deployment? _deployment;
    private static Exception? _failure;

    /// <summary>The deployment, started on first call.</summary>
    public static async Task<Deployment> GetAsync(CancellationToken ct = default)
    {
        await Gate.WaitAsync(ct);
        try
        {
            if (_failure is not null)
                throw new InvalidOperationException("The invisible-encryption deployment failed to start: " + _failure.Message, _failure);
            if (_deployment is not null) return _deployment;
            try
            {
                _deployment = await Deployment.StartAsync(new DeploymentOptions
                {
                    Homeservers = 2,
                    ConfigOverlays = InvisibleCryptoProfile.Overlays("hs1", "hs2"),
                }, ct);
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

    /// <summary>Removes the deployment's containers.</summary>
    public static async Task DisposeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_deployment is not null) await _deployment.DisposeAsync();
            _deployment = null;
        }
        finally
        {
            Gate.Release();
        }
    }
}
