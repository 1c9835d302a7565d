namespace Matrix.Complement.NUnit;

/// <summary>
/// Base for each test assembly's <c>[SetUpFixture]</c> (declare one, outside any namespace, deriving from this):
/// disposes the shared deployment when the assembly's tests are done.
/// </summary>
public abstract class DeploymentSetUpFixture
{
    /// <summary>Tears the shared deployment down.</summary>
    [OneTimeTearDown]
    public Task TearDownDeploymentAsync() => SharedDeployment.DisposeAsync();
}
