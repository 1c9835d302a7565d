using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.NUnit;
using NUnit.Framework;

/// <summary>The assembly's shared deployment, and the browsers its js clients shared, torn down at the end.</summary>
[SetUpFixture]
public sealed class ScenarioSetUp : DeploymentSetUpFixture
{
    /// <summary>Closes the browsers the js clients of this assembly shared.</summary>
    [OneTimeTearDown]
    public Task CloseBrowsersAsync() => JsSdkBrowserClient.DisposeBrowsersAsync();
}
