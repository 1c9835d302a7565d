namespace Matrix.Complement.NUnit;

/// <summary>
/// A deployment a test assembly starts lazily, under a lock, on first use, and tears down from its set-up fixture.
/// A start-up failure is kept and rethrown on every access, so each test fails with the real cause rather than a
/// cascade of unrelated errors. <see cref="SharedDeployment"/> is one; a scenario project that needs a homeserver
/// profile declares its own.
/// </summary>
/// <param name="name">What the deployment is, for the failure message ("the call deployment").</param>
/// <param name="options">The options it starts with.</param>
public sealed class LazyDeployment(string name, Func<DeploymentOptions> options)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Deployment? _deployment;
    private Exception? _failure;

    /// <summary>The deployment, started on first call.</summary>
    public async Task<Deployment> GetAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_failure is not null)
                throw new InvalidOperationException($"{char.ToUpperInvariant(name[0])}{name[1..]} failed to start: {_failure.Message}", _failure);
            if (_deployment is not null) return _deployment;
            try
            {
                _deployment = await Deployment.StartAsync(options(), ct).ConfigureAwait(false);
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
            _gate.Release();
        }
    }

    /// <summary>The deployment if one was started, without starting it.</summary>
    public Deployment? Started => _deployment;

    /// <summary>Removes the deployment's containers.</summary>
    public async Task DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_deployment is not null) await _deployment.DisposeAsync().ConfigureAwait(false);
            _deployment = null;
        }
        finally
        {
            _gate.Release();
        }
    }
}
