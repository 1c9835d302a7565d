using HarnessDeployment = Matrix.Complement.Harness.Deployment.Deployment;
using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.Harness.Configuration;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Network;
using NUnit.Framework.Interfaces;

namespace Matrix.Complement.Scenarios.Auth.Support;

/// <summary>
/// Base of the auth scenarios. Every client logs in through OAuth 2.0 (matrix-js-sdk's own support, the login page
/// driven in the device's browser) against the auth server STAND-IN, on hs1 delegating auth to it; so every result
/// here is about the clients and Synapse's side of the contract, never MAS conformance. Artefacts as every
/// <see cref="ScenarioTest"/>, from the auth deployment's hs1.
/// </summary>
public abstract class AuthScenario(AuthTarget target) : ScenarioTest
{
    /// <summary>What this fixture runs against (in its name).</summary>
    public AuthTarget Target { get; } = target;

    /// <summary>The access-token lifetime this fixture's stand-in issues (<see cref="SharedAuthDeployments.DefaultTokenLifetime"/> unless overridden).</summary>
    protected virtual TimeSpan TokenLifetime => SharedAuthDeployments.DefaultTokenLifetime;

    /// <summary>The stand-in and hs1 delegating to it (started by the test's set-up; shared, disposed by ScenarioSetUp).</summary>
    protected AuthDeployment Auth => SharedAuthDeployments.GetAsync(TokenLifetime).GetAwaiter().GetResult();

    /// <summary>Skips unless the stand-in is selected and the js kind is set up.</summary>
    protected override void CheckPreconditions()
    {
        var mode = AuthSettings.SelectedMode;
        if (mode == AuthMode.None) Assert.Ignore($"{AuthSettings.Mode.Name}=none: the auth scenarios are switched off.");
        if (mode == AuthMode.Mas)
            Assert.Ignore($"{AuthSettings.Mode.Name}=mas: these scenarios drive the auth server stand-in's login page, which MAS " +
                          "does not have; run them with the stand-in (the default).");
        Require.That(JsSdkBrowserClient.IsAvailable, "the js client kind (Chromium headless shell and the driver bundle; run ./complement setup)");
    }

    /// <summary>hs1 of this fixture's auth deployment (started on first use); the shared hs1+hs2 is never started here.</summary>
    protected override async Task<HarnessDeployment> DeploymentAsync(CancellationToken ct = default) =>
        (await SharedAuthDeployments.GetAsync(TokenLifetime, ct).ConfigureAwait(false)).Deployment;

    /// <inheritdoc />
    protected override HarnessDeployment? StartedDeployment => SharedAuthDeployments.StartedWith(TokenLifetime)?.Deployment;

    /// <summary>Options that route a client's diagnostics into this test's artefacts.</summary>
    protected ClientOptions ClientOptions() =>
        new() { Artefacts = Artefacts, TestName = TestContext.CurrentContext.Test.FullName };

    /// <summary>Registers <paramref name="actor"/> at the stand-in and logs a js client in through OAuth; returns it started.</summary>
    protected Task<IClient> LoginAsync(string actor, CancellationToken ct) =>
        OAuthClients.LoginAsync(Auth, actor, ClientOptions(), ct);

    /// <summary>Logs <paramref name="existing"/>'s user in through OAuth on a new js device; returns it started.</summary>
    protected Task<IClient> LoginNewDeviceAsync(IClient existing, CancellationToken ct) =>
        OAuthClients.LoginNewDeviceAsync(Auth, existing, ClientOptions(), ct);

    /// <summary>
    /// Alice creates an encrypted room named after the test (with <paramref name="options"/>' rotation settings) and
    /// invites every member; each joins; returns once Alice sees them all joined. Alice's own other devices are in
    /// already; they only wait to see the room.
    /// </summary>
    protected static async Task<string> CreateSharedEncryptedRoomAsync(IClient alice, IReadOnlyList<IClient> members,
        CancellationToken ct, CreateRoomOptions? options = null)
    {
        var others = members.Where(m => m.UserId != alice.UserId).ToList();
        var room = await alice.CreateRoomAsync((options ?? new()) with
        {
            Encrypted = true, Invite = [.. others.Select(m => m.UserId).Distinct()], Name = TestContext.CurrentContext.Test.Name,
        }, ct);
        foreach (var member in members.Where(m => m.UserId == alice.UserId))
            await member.WaitForMembershipAsync(room, alice.UserId, Membership.Join, ct: ct);
        foreach (var member in others)
        {
            await member.WaitForMembershipAsync(room, member.UserId, Membership.Invite, ct: ct);
            await member.JoinAsync(room, [alice.Homeserver], ct);
            await alice.WaitForMembershipAsync(room, member.UserId, Membership.Join, ct: ct);
        }
        return room;
    }
}
