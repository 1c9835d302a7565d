using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.Harness.Configuration;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Network;
using NUnit.Framework.Interfaces;

namespace Matrix.Complement.Scenarios.Auth.Support;

/// <summary>
/// Base of the auth scenarios. Every client logs in through OAuth 2.0 (matrix-js-sdk's own support, the login page
/// driven in the device's browser) against the auth server STAND-IN, on hs1 delegating auth to it; so every result
/// here is about the clients and Synapse's side of the contract, never MAS conformance. Like <c>ScenarioTest</c> it
/// opens the test's proxy flow log and collects artefacts (hs1's log lines, flows, client consoles and traces) of a
/// failed test, or of every test with <c>MATRIX_COMPLEMENT_ARTEFACTS=always</c>; it never starts the shared hs1+hs2.
/// </summary>
public abstract class AuthScenario
{
    private DateTime _startedUtc;
    private TestArtefacts? _artefacts;
    private TrafficLog? _flows;
    private bool _started;

    /// <summary>The access-token lifetime this fixture's stand-in issues (<see cref="SharedAuthDeployments.DefaultTokenLifetime"/> unless overridden).</summary>
    protected virtual TimeSpan TokenLifetime => SharedAuthDeployments.DefaultTokenLifetime;

    /// <summary>This test's artefact folder and attachments.</summary>
    protected TestArtefacts Artefacts => _artefacts ??= TestArtefacts.For(TestContext.CurrentContext.Test.FullName);

    /// <summary>The stand-in and hs1 delegating to it.</summary>
    protected AuthDeployment Auth => _started
        ? SharedAuthDeployments.GetAsync(TokenLifetime).GetAwaiter().GetResult() // completed in StartTest; shared, disposed by ScenarioSetUp
        : throw new InvalidOperationException("The auth deployment is not started yet.");

    /// <summary>
    /// Skips unless the stand-in is selected and the js kind is set up; starts (once) the fixture's auth deployment;
    /// marks the test's start and opens its flow log (synchronously: the flow log is the test flow's ambient one).
    /// </summary>
    [SetUp]
    public void StartTest()
    {
        var mode = AuthSettings.SelectedMode;
        if (mode == AuthMode.None) Assert.Ignore($"{AuthSettings.Mode.Name}=none: the auth scenarios are switched off.");
        if (mode == AuthMode.Mas)
            Assert.Ignore($"{AuthSettings.Mode.Name}=mas: these scenarios drive the auth server stand-in's login page, which MAS " +
                          "does not have; run them with the stand-in (the default).");
        Require.That(JsSdkBrowserClient.IsAvailable, "the js client kind (Chromium headless shell and the driver bundle; run ./complement setup)");
        _startedUtc = DateTime.UtcNow.AddSeconds(-1);
        _artefacts = null;
        var auth = SharedAuthDeployments.GetAsync(TokenLifetime, TestContext.CurrentContext.CancellationToken).GetAwaiter().GetResult();
        _started = true;
        _flows = auth.Deployment.Network.OpenTrafficLog(Artefacts);
    }

    /// <summary>Collects artefacts of a failed test (or of every test with the "always" policy).</summary>
    [TearDown]
    public async Task CollectArtefactsAsync()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status is TestStatus.Failed or TestStatus.Warning or TestStatus.Inconclusive;
        var always = string.Equals(HarnessSettings.Artefacts.Value, "always", StringComparison.OrdinalIgnoreCase);
        if (_flows is not null) await _flows.DisposeAsync().ConfigureAwait(false);
        _flows = null;
        if ((!failed && !always) || !_started)
        {
            _artefacts?.Discard();
            return;
        }
        try
        {
            Artefacts.Write("hs1.log", await Auth.Homeserver.GetLogsAsync(_startedUtc).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Artefacts.Write("hs1.log", $"log unavailable: {e.Message}");
        }
        foreach (var file in Artefacts.Files)
            TestContext.AddTestAttachment(file);
    }

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
