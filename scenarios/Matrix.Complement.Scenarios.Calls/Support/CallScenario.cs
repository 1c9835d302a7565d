using System.Diagnostics;
using System.Text.Json.Nodes;
using Matrix.Complement.Harness.Configuration;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Network;
using NUnit.Framework.Interfaces;

namespace Matrix.Complement.Scenarios.Calls.Support;

/// <summary>
/// Base of the call scenarios: one client kind per fixture, on the call deployment (<see cref="CallDeployment"/>, hs1
/// with the MatrixRTC profile). Logs actors in with the test's artefacts attached, sets up the encrypted call room,
/// checks the key rules the scenarios share; artefacts as every <see cref="ScenarioTest"/> (the shared hs1+hs2 is
/// never started here).
/// </summary>
public abstract class CallScenario(ClientSpec kind) : ScenarioTest
{
    /// <summary>The client kind every participant of this fixture uses.</summary>
    protected ClientSpec Kind { get; } = kind;

    /// <summary>The call deployment (started on first use).</summary>
    protected override Task<Deployment> DeploymentAsync(CancellationToken ct = default) => CallDeployment.Instance.GetAsync(ct);

    /// <inheritdoc />
    protected override Deployment? StartedDeployment => CallDeployment.Instance.Started;

    /// <summary>Registers <paramref name="actor"/> on hs1 and starts a client of this fixture's kind.</summary>
    protected async Task<IClient> LoginAsync(string actor, CancellationToken ct)
    {
        var deployment = await DeploymentAsync(ct);
        return await ClientFactory.LoginAsync(deployment, actor, Kind, Options(), ct);
    }

    /// <summary>Logs <paramref name="existing"/>'s user in on a second device of this fixture's kind.</summary>
    protected async Task<IClient> LoginNewDeviceAsync(IClient existing, CancellationToken ct)
    {
        var deployment = await DeploymentAsync(ct);
        return await ClientFactory.LoginNewDeviceAsync(deployment, existing, null, Options(), ct);
    }

    private ClientOptions Options() => new() { Artefacts = Artefacts, TestName = TestContext.CurrentContext.Test.FullName };

    /// <summary>
    /// The MatrixRTC side of each client; skips the test (with the reason) when a client's kind lacks
    /// <see cref="ClientFeature.MatrixRtc"/>.
    /// </summary>
    protected static MatrixRtcParticipant[] Participants(params IClient[] clients)
    {
        Require.Feature(ClientFeature.MatrixRtc, clients);
        return [.. clients.Select(MatrixRtcParticipant.For)];
    }

    /// <summary>
    /// <paramref name="owner"/> creates an encrypted room named after the test, invites <paramref name="members"/>,
    /// lets every member publish call memberships; each member joins. Returns once the owner sees them all joined.
    /// </summary>
    protected static async Task<string> CreateCallRoomAsync(MatrixRtcParticipant owner, IReadOnlyList<IClient> members,
        CancellationToken ct)
    {
        var deployment = await CallDeployment.Instance.GetAsync(ct);
        var invited = members.Select(m => m.UserId).Where(u => u != owner.Client.UserId).Distinct().ToList();
        var room = await owner.Client.CreateRoomAsync(new CreateRoomOptions
        {
            Encrypted = true, Name = TestContext.CurrentContext.Test.Name, Invite = invited,
        }, ct);
        await owner.AllowCallMembershipsAsync(deployment[owner.Client.Homeserver], room, ct);
        foreach (var member in members.DistinctBy(m => m.UserId).Where(m => m.UserId != owner.Client.UserId))
        {
            await member.WaitForMembershipAsync(room, member.UserId, Membership.Invite, ct: ct);
            await member.JoinAsync(room, [owner.Client.Homeserver], ct);
        }
        foreach (var member in members) await owner.Client.WaitForMembershipAsync(room, member.UserId, Membership.Join, ct: ct);
        return room;
    }

    /// <summary>
    /// Registers <paramref name="actor"/> with a raw device (<see cref="RawCallDevice"/>) that <paramref name="owner"/>
    /// invites into <paramref name="room"/>; returns once the owner sees it joined. It is not in the call yet.
    /// </summary>
    protected static async Task<RawCallDevice> RawParticipantAsync(string actor, MatrixRtcParticipant owner, string room,
        CancellationToken ct)
    {
        var deployment = await CallDeployment.Instance.GetAsync(ct);
        var raw = await RawCallDevice.RegisterAsync(deployment["hs1"], actor, ct);
        await owner.Client.InviteAsync(room, raw.Session.UserId, ct);
        await raw.JoinRoomAsync(room, ct);
        await owner.Client.WaitForMembershipAsync(room, raw.Session.UserId, Membership.Join, ct: ct);
        return raw;
    }

    /// <summary>Returns once <paramref name="receiver"/>'s client has received a message carrying the key <paramref name="keyHash"/>.</summary>
    protected static async Task<RtcKeyMessage> WaitForKeyMessageAsync(MatrixRtcParticipant receiver, string keyHash, CancellationToken ct)
    {
        try
        {
            var messages = await Eventually.SatisfiesAsync($"{receiver.Client.Actor} received a message carrying key#{keyHash}",
                RtcTimeouts.KeyDistribution, c => receiver.GetReceivedKeyMessagesAsync(c),
                m => m.Any(x => x.KeyHash == keyHash) ? null : $"received: {string.Join("; ", m)}", ct, TimeSpan.FromMilliseconds(200));
            return messages.First(x => x.KeyHash == keyHash);
        }
        catch (TimeoutException e)
        {
            throw new ExpectationFailedException(e.Message, e);
        }
    }

    /// <summary>
    /// Rule A1's check: returns once every participant holds every other participant's current key (same index and
    /// bytes as that participant's latest own key), with the current keys by participant. Re-reads every participant's
    /// key ring until it holds (a rotation may be under way); throws with what is missing after
    /// <see cref="RtcTimeouts.KeyDistribution"/>. With <paramref name="also"/>, the current keys must also satisfy it
    /// (null when they do, else why not): for a rotation the SDK makes after a delay.
    /// </summary>
    protected static async Task<IReadOnlyDictionary<string, RtcKeyEvent>> WaitForCompleteKeysAsync(string room,
        IReadOnlyList<MatrixRtcParticipant> participants, CancellationToken ct,
        Func<IReadOnlyDictionary<string, RtcKeyEvent>, string?>? also = null)
    {
        try
        {
            var held = await Eventually.SatisfiesAsync(
                $"each of {string.Join(", ", participants.Select(p => p.Client.Actor))} holds every other one's current key",
                RtcTimeouts.KeyDistribution,
                async c =>
                {
                    var rings = new Dictionary<MatrixRtcParticipant, IReadOnlyList<RtcKeyEvent>>();
                    foreach (var p in participants) rings[p] = await p.GetHeldKeysAsync(room, c);
                    return rings;
                },
                rings => MissingKeys(rings) is { Count: > 0 } missing ? string.Join("; ", missing)
                    : also?.Invoke(participants.ToDictionary(p => p.Participant, p => rings[p].Last(k => k.Own))),
                ct, TimeSpan.FromMilliseconds(200));
            return participants.ToDictionary(p => p.Participant, p => held[p].Last(k => k.Own));
        }
        catch (TimeoutException e)
        {
            throw new ExpectationFailedException(e.Message, e);
        }
    }

    private static List<string> MissingKeys(IReadOnlyDictionary<MatrixRtcParticipant, IReadOnlyList<RtcKeyEvent>> rings)
    {
        var missing = new List<string>();
        foreach (var (sender, ring) in rings)
        {
            var own = ring.LastOrDefault(k => k.Own);
            if (own is null)
            {
                missing.Add($"{sender.Client.Actor} has no own key");
                continue;
            }
            foreach (var (receiver, held) in rings.Where(r => r.Key != sender))
                if (!held.Any(k => !k.Own && k.Participant == sender.Participant && k.SameKeyAs(own)))
                    missing.Add($"{receiver.Client.Actor} lacks {sender.Client.Actor}'s {own} (holds: " +
                        string.Join(", ", held.Where(k => k.Participant == sender.Participant)) + ")");
        }
        return missing;
    }

    /// <summary>
    /// Records, until disposed, every to-device request and room-event send the users of <paramref name="clients"/>
    /// make on their homeservers: media keys travel in them. Read them with <see cref="ToDeviceRecipients"/> and
    /// <see cref="RoomSendTypes"/>.
    /// </summary>
    protected static async Task<RuleScope> SniffKeyTrafficAsync(IReadOnlyList<IClient> clients, CancellationToken ct)
    {
        var deployment = await CallDeployment.Instance.GetAsync(ct);
        var users = clients.Select(c => c.UserId).Distinct().ToArray();
        return await deployment.Network.SniffAsync((NetworkRule.ClientServer("hs1").ForUsers(users)
            with { Method = "PUT" }).Named("PUT requests (to-device, room sends, state) of the call's users"), ct: ct);
    }

    /// <summary>The to-device requests recorded by <paramref name="sniffed"/>: event type and recipient devices (<c>user|device</c>).</summary>
    protected static IReadOnlyList<(string Type, string Sender, IReadOnlyList<string> Recipients)> ToDeviceRecipients(RuleScope sniffed) =>
        [.. sniffed.Sniffed.Where(f => f.Request.Path.Contains("/sendToDevice/", StringComparison.Ordinal)).Select(f =>
            (Uri.UnescapeDataString(f.Request.Path.Split('/')[^2]), f.Request.UserId ?? "?",
             (IReadOnlyList<string>)[.. (f.Request.Json?["messages"] as JsonObject ?? []).SelectMany(user =>
                (user.Value as JsonObject ?? []).Select(device => $"{user.Key}|{device.Key}"))]))];

    /// <summary>The event types of the room events sent, as recorded by <paramref name="sniffed"/>.</summary>
    protected static IReadOnlyList<string> RoomSendTypes(RuleScope sniffed) =>
        [.. sniffed.Sniffed.Where(f => f.Request.Path.Contains("/send/", StringComparison.Ordinal))
            .Select(f => Uri.UnescapeDataString(f.Request.Path.Split('/')[^2]))];
}
