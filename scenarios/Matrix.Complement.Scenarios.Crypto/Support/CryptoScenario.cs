using Matrix.Complement.Harness.Deployment;

namespace Matrix.Complement.Scenarios.Crypto.Support;

/// <summary>
/// Base of the crypto scenarios: logs actors in with the test's artefact folder and name attached (console logs,
/// traces and the call timeline land there), and sets up the encrypted room most scenarios start from.
/// </summary>
public abstract class CryptoScenario(ClientPair clients) : ScenarioTest
{
    /// <summary>The pair under test (Alice's client first).</summary>
    protected ClientPair Clients { get; } = clients;

    /// <summary>Options that route a client's diagnostics into this test's artefacts.</summary>
    protected ClientOptions ClientOptions(SyncMode sync = SyncMode.V2) =>
        new() { SyncMode = sync, Artefacts = Artefacts, TestName = TestContext.CurrentContext.Test.FullName };

    /// <summary>Registers <paramref name="actor"/> and starts a client as <paramref name="spec"/> says.</summary>
    protected async Task<IClient> LoginAsync(string actor, ClientSpec spec, CancellationToken ct, SyncMode sync = SyncMode.V2)
    {
        var deployment = await DeploymentAsync(ct);
        return await ClientFactory.LoginAsync(deployment, actor, spec, ClientOptions(sync), ct);
    }

    /// <summary>Logs <paramref name="existing"/>'s user in on a new device of the same kind.</summary>
    protected async Task<IClient> LoginNewDeviceAsync(IClient existing, CancellationToken ct)
    {
        var deployment = await DeploymentAsync(ct);
        return await ClientFactory.LoginNewDeviceAsync(deployment, existing, options: ClientOptions(existing.SyncMode), ct: ct);
    }

    /// <summary>
    /// Alice creates an encrypted room named after the test and invites Bob; Bob joins (through Alice's server);
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
        return room;
    }
}
