using Matrix.Complement.NUnit;
using Matrix.Complement.Scenarios.Calls.Support;
using NUnit.Framework;

/// <summary>The assembly's call deployment, torn down at the end; the browsers are the base's.</summary>
[SetUpFixture]
public sealed class ScenarioSetUp : DeploymentSetUpFixture
{
    /// <summary>Removes the call deployment.</summary>
    [OneTimeTearDown]
    public Task TearDownCallsAsync() => CallDeployment.Instance.DisposeAsync();
}
