using System.Diagnostics;
using System.Text.Json.Nodes;
using Matrix.Complement.Harness.Clients.Protocol;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Network;

namespace Matrix.Complement.Scenarios.Crypto.Support;

/// <summary>
/// Base of the crypto scenarios: logs actors in with the test's artefact folder and name attached (console logs,
/// traces and the call timeline land there), sets up the encrypted rooms scenarios start from, and watches the
/// room keys a client hands out (they travel in encrypted <c>/sendToDevice</c> requests).
/// </summary>
public abstract class CryptoScenario(ClientPair clients) : ScenarioTest
{
    /// <summary>The to-device endpoint room keys travel through (Olm-encrypted, so only the recipients are visible).</summary>
    private const string EncryptedToDevice = "/_matrix/client/v3/sendToDevice/m.room.encrypted/{txn}";

    /// <summary>The pair under test (Alice's client first).</summary>
    protected ClientPair Clients { get; } = clients;

    /// <summary>Options that route a client's diagnostics into this test's artefacts; the sync mode is the spec's unless given.</summary>
    protected ClientOptions ClientOptions(SyncMode? sync = null) =>
        new() { SyncMode = sync, Artefacts = Artefacts, TestName = TestContext.CurrentContext.Test.FullName };

    /// <summary>
    /// Registers <paramref name="actor"/> and starts a client as <paramref name="spec"/> says (its sync mode unless
    /// <paramref name="sync"/> overrides it). A kind that refuses to start with MSC4186 sliding sync (it lacks
    /// <see cref="ClientFeature.SlidingSync"/>: a driver answers an error, the raw device throws
    /// <see cref="NotSupportedException"/>) skips the scenario with its reason, like <c>Require.Feature</c>.
    /// </summary>
    protected async Task<IClient> LoginAsync(string actor, ClientSpec spec, CancellationToken ct, SyncMode? sync = null)
    {
        var deployment = await DeploymentAsync(ct);
        try
        {
            return await ClientFactory.LoginAsync(deployment, actor, spec, ClientOptions(sync), ct);
        }
        catch (Exception e) when ((e is DriverProtocolException or NotSupportedException) && (sync ?? spec.SyncMode) == SyncMode.Msc4186)
        {
            Assert.Ignore($"{ClientMatrix.ShortName(spec.Kind)} ({actor}) lacks {ClientFeatures.Name(ClientFeature.SlidingSync)}: {e.Message}");
            throw; // not reached: Assert.Ignore throws
        }
    }

    /// <summary>
    /// Logs <paramref name="existing"/>'s user in on a new device, of <paramref name="kind"/> (the existing
    /// client's kind by default). Returns once the new device's keys are uploaded and its first sync is done.
    /// </summary>
    protected async Task<IClient> LoginNewDeviceAsync(IClient existing, CancellationToken ct, ClientKind? kind = null)
    {
        var deployment = await DeploymentAsync(ct);
        return await ClientFactory.LoginNewDeviceAsync(deployment, existing, kind, ClientOptions(existing.SyncMode), ct);
    }

    /// <summary>Registers a user on <paramref name="homeserver"/> without starting a client; returns the user id.</summary>
    protected static async Task<string> RegisterUserAsync(string actor, string homeserver, CancellationToken ct)
    {
        var deployment = await SharedDeployment.GetAsync(ct);
        return (await deployment[homeserver].RegisterUserAsync(actor, ct)).UserId;
    }

    /// <summary>
    /// <paramref name="owner"/> creates an encrypted room named after the test (with <paramref name="options"/>'
    /// invites, history visibility and rotation settings). Returns once the owner sees the encryption state.
    /// </summary>
    protected static Task<string> CreateEncryptedRoomAsync(IClient owner, CancellationToken ct, CreateRoomOptions? options = null) =>
        owner.CreateRoomAsync((options ?? new()) with { Encrypted = true, Name = TestContext.CurrentContext.Test.Name }, ct);

    /// <summary>
    /// <paramref name="member"/> waits for its invite, joins through <paramref name="owner"/>'s server, and returns
    /// once the owner sees the join.
    /// </summary>
    protected static async Task JoinInvitedAsync(IClient member, IClient owner, string room, CancellationToken ct)
    {
        await member.WaitForMembershipAsync(room, member.UserId, Membership.Invite, ct: ct);
        await member.JoinAsync(room, [owner.Homeserver], ct);
        await owner.WaitForMembershipAsync(room, member.UserId, Membership.Join, ct: ct);
    }

    /// <summary>
    /// Alice creates an encrypted room named after the test and invites Bob; Bob joins (through Alice's server);
    /// returns once Alice sees Bob joined.
    /// </summary>
    protected static Task<string> CreateSharedEncryptedRoomAsync(IClient alice, IClient bob, CancellationToken ct,
        CreateRoomOptions? options = null) => CreateSharedEncryptedRoomAsync(alice, [bob], ct, options);

    /// <summary>
    /// Alice creates an encrypted room named after the test and invites every member; each joins (through Alice's
    /// server); returns once Alice sees them all joined.
    /// </summary>
    protected static async Task<string> CreateSharedEncryptedRoomAsync(IClient alice, IReadOnlyList<IClient> members,
        CancellationToken ct, CreateRoomOptions? options = null)
    {
        var room = await CreateEncryptedRoomAsync(alice, ct,
            (options ?? new()) with { Invite = [.. members.Select(m => m.UserId)] });
        foreach (var member in members)
            await JoinInvitedAsync(member, alice, room, ct);
        return room;
    }

    /// <summary>
    /// Returns once <paramref name="reader"/> shows <paramref name="sent"/> as a UTD with exactly
    /// <paramref name="code"/>; throws (with the client's view of the room) if it decrypts it or never says so.
    /// </summary>
    protected static Task<TimelineEvent> WaitForUtdAsync(IClient reader, string room, SentEvent sent,
        DecryptionFailureCode code, CancellationToken ct) =>
        reader.WaitForEventAsync(room, e => e.EventId == sent.EventId && e.IsUnableToDecrypt && e.FailureCode == code,
            $"{sent.EventId} (\"{sent.Body}\") shown as a UTD with {code.ToProtocolName()}", ct: ct);

    /// <summary>
    /// Records <paramref name="observer"/>'s device-list downloads (<c>/keys/query</c>) until disposed, for
    /// <see cref="WaitForDeviceListWithoutAsync"/>. Install it before the change it should observe.
    /// </summary>
    protected static async Task<RuleScope> SniffDeviceListsAsync(IClient observer, CancellationToken ct)
    {
        var deployment = await SharedDeployment.GetAsync(ct);
        return await deployment.Network.SniffAsync(NetworkRule.ClientServer(observer.Homeserver)
            .Request("POST", "/_matrix/client/v3/keys/query").ForUsers(observer.UserId)
            .Named($"device lists downloaded by {observer.Actor}"), ct: ct);
    }

    /// <summary>
    /// Returns once a device-list download recorded by <paramref name="queries"/> answered with
    /// <paramref name="userId"/>'s devices and without <paramref name="deviceId"/>: the observer has seen the device
    /// go (the SDK processes that answer before it encrypts anything next).
    /// </summary>
    protected static async Task WaitForDeviceListWithoutAsync(RuleScope queries, string userId, string deviceId,
        CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        for (var seen = 1; ; seen = queries.Sniffed.Count + 1)
        {
            var left = Timeouts.MessageDelivery - clock.Elapsed;
            var flows = await queries.WaitForSniffedAsync(seen, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1), ct);
            if (flows.Any(f => f.Status == 200 && f.ResponseJson?["device_keys"]?[userId] is JsonObject devices
                    && !devices.ContainsKey(deviceId)))
                return;
        }
    }

    /// <summary>
    /// Records every encrypted to-device request <paramref name="sender"/>'s user makes until disposed: room keys
    /// travel in them, so a new request means a room key was (re)shared. Read the recipients with
    /// <see cref="RoomKeyRecipients"/>.
    /// </summary>
    protected static async Task<RuleScope> SniffRoomKeysAsync(IClient sender, CancellationToken ct)
    {
        var deployment = await SharedDeployment.GetAsync(ct);
        return await deployment.Network.SniffAsync(NetworkRule.ClientServer(sender.Homeserver)
            .Request("PUT", EncryptedToDevice).ForUsers(sender.UserId).Named($"encrypted to-device from {sender.Actor}"), ct: ct);
    }

    /// <summary>The devices (<c>user/device</c>) that the sniffed encrypted to-device requests were addressed to, sorted.</summary>
    protected static IReadOnlyList<string> RoomKeyRecipients(RuleScope sniffed) =>
        [.. sniffed.Sniffed
            .SelectMany(f => (f.Request.Json?["messages"] as JsonObject ?? []).SelectMany(user =>
                (user.Value as JsonObject ?? []).Select(device => $"{user.Key}/{device.Key}")))
            .Distinct().Order(StringComparer.Ordinal)];
}
