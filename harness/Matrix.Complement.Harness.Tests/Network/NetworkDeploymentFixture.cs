using Matrix.Complement.Harness.Deployment;
using HarnessDeployment = Matrix.Complement.Harness.Deployment.Deployment;
using NUnit.Framework;

namespace Matrix.Complement.Harness.Tests.Network;

/// <summary>
/// One hs1+hs2 deployment with federation routed through the proxy, shared by the proxy's integration tests in
/// this namespace: started on first use under a lock, removed when the namespace's tests are done. A start-up
/// failure is kept and rethrown to every test.
/// </summary>
[SetUpFixture]
public sealed class NetworkDeploymentFixture
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static HarnessDeployment? _deployment;
    private static Exception? _failure;

    /// <summary>The shared deployment, started on first call.</summary>
    public static async Task<HarnessDeployment> GetAsync(CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        try
        {
            if (_failure is not null) throw new InvalidOperationException("The proxy tests' deployment failed to start: " + _failure.Message, _failure);
            return _deployment ??= await HarnessDeployment.StartAsync(
                new DeploymentOptions { Homeservers = 2, RouteFederationThroughProxy = true }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException and not InvalidOperationException { InnerException: not null })
        {
            _failure = e;
            throw;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Removes the deployment's containers and stops its proxy.</summary>
    [OneTimeTearDown]
    public async Task TearDownAsync()
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
