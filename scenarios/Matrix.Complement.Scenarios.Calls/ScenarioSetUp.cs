using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.Harness.Configuration;
using Matrix.Complement.NUnit;
using Matrix.Complement.Scenarios.Calls.Support;
using NUnit.Framework;
using Vodozemac.Net;

/// <summary>The assembly's call deployment, and the browsers its js clients shared, torn down at the end.</summary>
[SetUpFixture]
public sealed class ScenarioSetUp : DeploymentSetUpFixture
{
    /// <summary>
    /// Points Vodozemac.Net (the raw call devices) at the shim set-up built: it finds set-up's state by walking up
    /// from the build output, which a build outside the repository (<c>--artifacts-path</c>) does not allow, while the
    /// harness settings know the repository from their source location.
    /// </summary>
    [OneTimeSetUp]
    public void LocateTheVodozemacShim()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(VodozemacLibrary.PathVariable))) return;
        if (HarnessSettings.VodozemacLib.Value is { Length: > 0 } path)
            Environment.SetEnvironmentVariable(VodozemacLibrary.PathVariable, path);
    }

    /// <summary>Removes the call deployment and closes the browsers the js clients of this assembly shared.</summary>
    [OneTimeTearDown]
    public async Task TearDownCallsAsync()
    {
        await CallDeployment.DisposeAsync();
        await JsSdkBrowserClient.DisposeBrowsersAsync();
    }
}
