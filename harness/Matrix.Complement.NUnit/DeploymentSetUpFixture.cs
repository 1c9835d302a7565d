using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.Harness.Clients.Raw;

namespace Matrix.Complement.NUnit;

/// <summary>
/// Base for each test assembly's <c>[SetUpFixture]</c> (declare one, outside any namespace, deriving from this):
/// points Vodozemac.Net at the shim set-up built (so raw devices work from any build folder), and when the assembly's
/// tests are done disposes the shared deployment and closes the browsers its js clients shared.
/// </summary>
public abstract class DeploymentSetUpFixture
{
    /// <summary>Locates the vodozemac shim for raw devices, when set-up built it.</summary>
    [OneTimeSetUp]
    public void LocateTheVodozemacShim()
    {
        if (RawShim.IsAvailable) RawShim.EnsureLocated();
    }

    /// <summary>Tears the shared deployment down.</summary>
    [OneTimeTearDown]
    public Task TearDownDeploymentAsync() => SharedDeployment.DisposeAsync();

    /// <summary>Closes the browsers the js clients of this assembly shared.</summary>
    [OneTimeTearDown]
    public Task CloseBrowsersAsync() => JsSdkBrowserClient.DisposeBrowsersAsync();
}
