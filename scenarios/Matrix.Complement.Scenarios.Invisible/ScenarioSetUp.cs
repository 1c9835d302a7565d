using Matrix.Complement.NUnit;
using Matrix.Complement.Scenarios.Invisible.Support;
using NUnit.Framework;

/// <summary>
/// The assembly's invisible-encryption deployment (dehydrated devices on), torn down at the end; the shared deployment
/// and the browsers are the base's.
/// </summary>
[SetUpFixture]
public sealed class ScenarioSetUp : DeploymentSetUpFixture
{
    /// <summary>Removes the deployment with the invisible-encryption profile, if a scenario started it.</summary>
    [OneTimeTearDown]
    public Task TearDownProfileDeploymentAsync() => InvisibleDeployment.Instance.DisposeAsync();
}
