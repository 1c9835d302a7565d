using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.Harness.Network;
using Matrix.Complement.Harness.Waiting;
using Matrix.Complement.NUnit;
using NUnit.Framework;

namespace Matrix.Complement.Harness.Tests.Network;

/// <summary>
/// The proxy against a real SDK: the js client's first two <c>POST /keys/upload</c> requests get a 504 from the
/// proxy, and the client must retry by itself until the upload succeeds. The test fails if the client did not
/// retry: the login (which waits for keys on the server) times out and the flows show no later 200.
/// </summary>
[TestFixture, CancelAfter(120_000)]
public sealed class JsClientRetryTests : ScenarioTest
{
    /// <summary>Closes the browsers this fixture's js clients used.</summary>
    [OneTimeTearDown]
    public Task CloseBrowsersAsync() => JsSdkBrowserClient.DisposeBrowsersAsync();

    [Test]
    public async Task A_504_on_keys_upload_is_retried_by_the_js_client(CancellationToken ct)
    {
        // Given
        Require.That(JsSdkBrowserClient.IsAvailable, "the js client kind is not built here (run set-up)");
        var deployment = await DeploymentAsync(ct);
        var uploads = NetworkRule.ClientServer("hs1").Request("POST", "/_matrix/client/v3/keys/upload")
            .WhereBody(b => b?["device_keys"] is not null || b?["one_time_keys"] is not null); // not the harness's empty probe
        await using var failing = await deployment.Network.FailAsync(uploads, times: 2, status: 504, ct);
        await using var sniff = await deployment.Network.SniffAsync(uploads, ct: ct);

        // When
        await using var alice = await ClientFactory.LoginAsync(deployment, "alice", new ClientSpec(ClientKind.Js, "hs1"),
            new ClientOptions { Artefacts = Artefacts, TestName = TestContext.CurrentContext.Test.FullName }, ct);

        // Then
        var flows = await sniff.WaitForSniffedAsync(3, Timeouts.Request, ct);
        Assert.That(failing.Matches, Is.EqualTo(2), "both 504s were answered to the client's uploads");
        Assert.That(flows.Take(3).Select(f => f.Status), Is.EqualTo(new[] { 504, 504, 200 }),
            $"{alice} should upload again after each 504; its uploads: {string.Join(", ", flows.Select(f => f.Status))}");
        Assert.That(flows[2].Request.Json?["device_keys"]?["device_id"]?.GetValue<string>(), Is.EqualTo(alice.DeviceId),
            "the retried upload carries the device's keys");
    }
}
