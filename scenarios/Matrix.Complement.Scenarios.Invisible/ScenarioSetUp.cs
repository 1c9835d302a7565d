using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.NUnit;
using Matrix.Complement.Scenarios.Invisible.Support;
using NUnit.Framework;

/// <summary>
/// The assembly's shared deployment, its invisible-encryption deployment (dehydrated devices on) and the browsers its
/// js clients shared, torn down at the end.
/// </summary>
[SetUpFixture]
public sealed class ScenarioSetUp : DeploymentSetUpFixture
{
    /// <summary>Removes the deployment with the invisible-encryption profile, if a scenario started it.</summary>
    [OneTimeTearDown]
    public Task TearDownProfileDeploymentAsync() => InvisibleDeployment.DisposeAsync();

    /// <summary>Closes the browsers the js clients of this assembly shared.</summary>
    [OneTimeTearDown]
    public Task CloseBrowsersAsync() => JsSdkBrowserClient.DisposeBrowsersAsync();
}
