using Matrix.Complement.NUnit;
using Matrix.Complement.Scenarios.Auth.Support;
using NUnit.Framework;

/// <summary>The assembly's auth deployments (the shared deployment and browsers: the base), torn down at the end.</summary>
[SetUpFixture]
public sealed class ScenarioSetUp : DeploymentSetUpFixture
{
    /// <summary>Stops the auth deployments (stand-in and hs1) this assembly started.</summary>
    [OneTimeTearDown]
    public Task StopAuthDeploymentsAsync() => SharedAuthDeployments.DisposeAsync();
}
