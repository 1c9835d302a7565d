using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.NUnit;
using NUnit.Framework;

namespace Matrix.Complement.Harness.Tests.Clients;

/// <summary>
/// Features decide which scenarios a kind runs, so a driver that stopped declaring them would turn scenarios into
/// skips: these tests pin the protocol names and what the js driver declares.
/// </summary>
[TestFixture, CancelAfter(120_000)]
public sealed class ClientFeaturesTests : ScenarioTest
{
    /// <summary>Closes the browsers this fixture's js clients used.</summary>
    [OneTimeTearDown]
    public Task CloseBrowsersAsync() => JsSdkBrowserClient.DisposeBrowsersAsync();

    [Test]
    public void Protocol_names_round_trip_and_unknown_names_are_ignored()
    {
        var all = Enum.GetValues<ClientFeature>();
        Assert.That(ClientFeatures.Parse(all.Select(ClientFeatures.Name)), Is.EquivalentTo(all));
        Assert.That(ClientFeatures.Name(ClientFeature.CrossSigning), Is.EqualTo("crossSigning"));
        Assert.That(ClientFeatures.Name(ClientFeature.OAuth), Is.EqualTo("oauth"));
        Assert.That(ClientFeatures.Parse(["crossSigning", "teleportation", "3"]), Is.EquivalentTo(new[] { ClientFeature.CrossSigning }));
    }

    [Test]
    public async Task The_js_driver_declares_the_features_its_commands_implement(CancellationToken ct)
    {
        Require.That(JsSdkBrowserClient.IsAvailable, "the js client kind is not built here (run set-up)");
        var deployment = await DeploymentAsync(ct);
        await using var alice = await ClientFactory.LoginAsync(deployment, "alice", new ClientSpec(ClientKind.Js, "hs1"),
            new ClientOptions { Artefacts = Artefacts, TestName = TestContext.CurrentContext.Test.FullName }, ct);
        Assert.That(alice.Features, Is.SupersetOf(new[]
        {
            ClientFeature.CrossSigning, ClientFeature.KeyBackup, ClientFeature.FallbackKeys, ClientFeature.WithheldCodes,
            ClientFeature.Verification, ClientFeature.IdentityTrust, ClientFeature.DeviceIsolation,
            ClientFeature.EventShields, ClientFeature.SlidingSync, ClientFeature.PersistentStorage,
        }), $"{alice} declared: {string.Join(", ", alice.Features)}");
    }
}
