using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Deployment.Profiles;

namespace Matrix.Complement.Scenarios.Calls.Support;

/// <summary>
/// The call scenarios' deployment: hs1 with the MatrixRTC profile (<see cref="RtcProfile"/>: delayed events, sticky
/// events, RTC transports), started lazily under a lock on first use and removed by the assembly's set-up fixture.
/// A start-up failure is kept and rethrown on every access, so each test fails with the real cause.
/// </summary>
public static class CallDeployment
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
                throw new InvalidOperationException("The call deployment failed to start: " + _failure.Message, _failure);
            if (_deployment is not null) return _deployment;
            try
            {
                _deployment = await Deployment.StartAsync(new DeploymentOptions
                {
                    Homeservers = 1,
                    ConfigOverlays = RtcProfile.Overlays("hs1"),
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
