using Matrix.Complement.Harness.Deployment;
using NUnit.Framework.Interfaces;

namespace Matrix.Complement.Scenarios.Invisible.Support;

/// <summary>
/// Base of the invisible-encryption scenarios: logs actors in (on the shared deployment, or on
/// <see cref="InvisibleDeployment"/> where the server must have dehydrated devices), with the test's artefact folder
/// and name attached; sets up the encrypted rooms scenarios start from; verifies users by SAS; and puts the profile
/// deployment's homeserver logs into the artefacts of a failed test.
/// </summary>
public abstract class InvisibleScenario(ClientPair clients) : ScenarioTest
{
    private DateTime _startedUtc;

    /// <summary>The pair under test (Alice's client first).</summary>
    protected ClientPair Clients { get; } = clients;

    /// <summary>Options that route a client's diagnostics into this test's artefacts.</summary>
    protected ClientOptions ClientOptions(SyncMode? sync = null) =>
        new() { SyncMode = sync, Artefacts = Artefacts, TestName = TestContext.CurrentContext.Test.FullName };

    /// <summary>
    /// Registers <paramref name="actor"/> and starts a client as <paramref name="spec"/> says, on
    /// <paramref name="deployment"/> (the shared one by default).
    /// </summary>
    protected async Task<IClient> LoginAsync(string actor, ClientSpec spec, CancellationToken ct, Deployment? deployment = null) =>
        await ClientFactory.LoginAsync(deployment ?? await DeploymentAsync(ct), actor, spec, ClientOptions(), ct);

    /// <summary>
    /// Logs <paramref name="existing"/>'s user in on a new device of the same kind, on the same deployment as
    /// <paramref name="deployment"/> says (the shared one by default). Works after the existing device logged out.
    /// </summary>
    protected async Task<IClient> LoginNewDeviceAsync(IClient existing, CancellationToken ct, Deployment? deployment = null) =>
        await ClientFactory.LoginNewDeviceAsync(deployment ?? await DeploymentAsync(ct), existing, null,
            ClientOptions(existing.SyncMode), ct);

    /// <summary>
    /// Alice creates an encrypted room named after the test and invites Bob; Bob joins through her server; returns
    /// once Alice sees Bob joined.
    /// </summary>
    protected static async Task<string> CreateSharedEncryptedRoomAsync(IClient alice, IClient bob, CancellationToken ct,
        CreateRoomOptions? options = null)
    {
        var room = await alice.CreateRoomAsync((options ?? new()) with
        {
            Encrypted = true, Invite = [bob.UserId], Name = TestContext.CurrentContext.Test.Name,
        }, ct);
        await JoinInvitedAsync(bob, alice, room, ct);
        return room;
    }

    /// <summary><paramref name="member"/> waits for its invite, joins through <paramref name="owner"/>'s server; returns once the owner sees the join.</summary>
    protected static async Task JoinInvitedAsync(IClient member, IClient owner, string room, CancellationToken ct)
    {
        await member.WaitForMembershipAsync(room, member.UserId, Membership.Invite, ct: ct);
        await member.JoinAsync(room, [owner.Homeserver], ct);
        await owner.WaitForMembershipAsync(room, member.UserId, Membership.Join, ct: ct);
    }

    /// <summary>Asserts the shield <paramref name="reader"/> shows for an event: colour and reason together.</summary>
    protected static async Task ShieldMustBeAsync(IClient reader, string room, string eventId, EventShield expected,
        string why, CancellationToken ct)
    {
        var shield = await reader.GetEventShieldAsync(room, eventId, ct);
        Assert.That(shield, Is.EqualTo(expected), $"{reader}: shield of {eventId}: {why}");
    }

    /// <summary>Marks the test's start, for the profile deployment's log slice.</summary>
    [SetUp]
    public void MarkProfileLogStart() => _startedUtc = DateTime.UtcNow.AddSeconds(-1);

    /// <summary>Adds the profile deployment's homeserver logs to a failed test's artefacts (before they are attached).</summary>
    [TearDown]
    public async Task CollectProfileLogsAsync()
    {
        if (InvisibleDeployment.Instance.Started is not { } deployment) return;
        if (TestContext.CurrentContext.Result.Outcome.Status is not (TestStatus.Failed or TestStatus.Inconclusive)) return;
        foreach (var server in deployment.Homeservers)
        {
            try
            {
                Artefacts.Write($"profile-{server.Name}.log", await server.GetLogsAsync(_startedUtc));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Artefacts.Write($"profile-{server.Name}.log", $"log unavailable: {e.Message}");
            }
        }
    }
}
