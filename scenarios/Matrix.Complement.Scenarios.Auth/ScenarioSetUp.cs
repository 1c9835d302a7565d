using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.NUnit;
using Matrix.Complement.Scenarios.Auth.Support;
using NUnit.Framework;

/// <summary>The assembly's auth deployments, and the browsers its js clients shared, torn down at the end.</summary>
[SetUpFixture]
public sealed class ScenarioSetUp : DeploymentSetUpFixture
{
    /// <summary>Stops the auth deployments (stand-in and hs1) this assembly started.</summary>
    [OneTimeTearDown]
    public Task StopAuthDeploymentsAsync() => SharedAuthDeployments.DisposeAsync();

    /// <summary>Closes the browsers the js clients of this assembly shared.</summary>
    [OneTimeTearDown]
    public Task CloseBrowsersAsync() => JsSdkBrowserClient.DisposeBrowsersAsync();
}
