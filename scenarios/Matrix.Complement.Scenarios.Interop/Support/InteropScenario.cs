using System.Text.Json.Nodes;
using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.Harness.Clients.Nio;
using Matrix.Complement.Harness.Clients.Raw;
using Matrix.Complement.Harness.Network;

namespace Matrix.Complement.Scenarios.Interop.Support;

/// <summary>
/// Base of the interop scenarios: both kinds must be built here (ignored locally, a failure on CI), actors log in
/// with the test's artefacts attached, and the room keys a client hands out over Olm can be watched on the wire.
/// </summary>
public abstract class InteropScenario(ClientPair clients) : ScenarioTest
{
    private const string EncryptedToDevice = "/_matrix/client/v3/sendToDevice/m.room.encrypted/{txn}";

    /// <summary>The pair under test (Alice's client first).</summary>
    protected ClientPair Clients { get; } = clients;

    /// <summary>"matrix-sdk-crypto (js) → libolm (nio)": which implementation encrypts for which, for the output.</summary>
    protected static string Crossing(IClient from, IClient to) =>
        $"{InteropPairs.Implementation(from.Kind)} on {from.Homeserver} → {InteropPairs.Implementation(to.Kind)} on {to.Homeserver}";

    /// <summary>Skips locally (fails on CI) unless both kinds of the pair are built here.</summary>
    [SetUp]
    public void RequireBothKinds()
    {
        foreach (var kind in new[] { Clients.Alice.Kind, Clients.Bob.Kind }.Distinct())
            Require.That(kind switch
            {
                ClientKind.Js => JsSdkBrowserClient.IsAvailable,
                ClientKind.Nio => NioDriverClient.IsAvailable,
                ClientKind.Raw => RawClient.IsAvailable,
                _ => false,
            }, $"the {ClientMatrix.ShortName(kind)} client kind is not built here (run ./complement setup)");
    }

    /// <summary>Registers <paramref name="actor"/> and starts a client as <paramref name="spec"/> says.</summary>
    protected async Task<IClient> LoginAsync(string actor, ClientSpec spec, CancellationToken ct) =>
        await ClientFactory.LoginAsync(await DeploymentAsync(ct), actor, spec, Options, ct);

    /// <summary>Logs <paramref name="existing"/>'s user in on a new device of <paramref name="kind"/>.</summary>
    protected async Task<IClient> LoginNewDeviceAsync(IClient existing, ClientKind kind, CancellationToken ct) =>
        await ClientFactory.LoginNewDeviceAsync(await DeploymentAsync(ct), existing, kind, Options, ct);

    private ClientOptions Options => new() { Artefacts = Artefacts, TestName = TestContext.CurrentContext.Test.FullName };

    /// <summary>
    /// Alice creates an encrypted room named after the test and invites Bob; Bob joins through Alice's server;
    /// returns once Alice sees Bob joined.
    /// </summary>
    protected static async Task<string> CreateSharedEncryptedRoomAsync(IClient alice, IClient bob, CancellationToken ct)
    {
        var room = await alice.CreateRoomAsync(new()
        {
            Encrypted = true, Invite = [bob.UserId], Name = TestContext.CurrentContext.Test.Name,
        }, ct);
        await bob.WaitForMembershipAsync(room, bob.UserId, Membership.Invite, ct: ct);
        await bob.JoinAsync(room, [alice.Homeserver], ct);
        await alice.WaitForMembershipAsync(room, bob.UserId, Membership.Join, ct: ct);
        await bob.WaitForMembershipAsync(room, bob.UserId, Membership.Join, ct: ct);
        return room;
    }

    /// <summary>
    /// Records every Olm-encrypted to-device request <paramref name="sender"/>'s user makes until disposed (room keys
    /// travel in them). Read the addressees with <see cref="OlmRecipients"/>.
    /// </summary>
    protected static async Task<RuleScope> SniffOlmAsync(IClient sender, CancellationToken ct)
    {
        var deployment = await SharedDeployment.GetAsync(ct);
        return await deployment.Network.SniffAsync(NetworkRule.ClientServer(sender.Homeserver)
            .Request("PUT", EncryptedToDevice).ForUsers(sender.UserId).Named($"Olm to-device from {sender.Actor}"), ct: ct);
    }

    /// <summary>The devices (<c>user/device</c>) the sniffed Olm messages were addressed to, with the Olm algorithm they named.</summary>
    protected static IReadOnlyList<string> OlmRecipients(RuleScope sniffed) =>
        [.. sniffed.Sniffed
            .SelectMany(f => (f.Request.Json?["messages"] as JsonObject ?? []).SelectMany(user =>
                (user.Value as JsonObject ?? [])
                    .Where(device => device.Value?["algorithm"]?.GetValue<string>() == "m.olm.v1.curve25519-aes-sha2")
                    .Select(device => $"{user.Key}/{device.Key}")))
            .Distinct().Order(StringComparer.Ordinal)];
}
