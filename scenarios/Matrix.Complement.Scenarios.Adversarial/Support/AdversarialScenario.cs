using Matrix.Complement.Harness.Deployment;

namespace Matrix.Complement.Scenarios.Adversarial.Support;

/// <summary>
/// Base of the adversarial scenarios: one SDK client under test (the victim, from the client matrix) and raw devices
/// (<see cref="RawClient"/>) that the scenario makes misbehave. Expected reactions come from the spec and the SDK's
/// documentation; a raw device is never the client under test here.
/// </summary>
public abstract class AdversarialScenario(ClientSpec victim) : ScenarioTest
{
    /// <summary>The SDK kind under test, on hs1 (and its sync mode).</summary>
    protected ClientSpec Victim { get; } = victim;

    /// <summary>The SDK kinds (and sync modes) of the client matrix, without the raw kind: each is attacked once.</summary>
    public static IEnumerable<ClientSpec> Victims => ClientMatrix.KindsAndSyncModes.Where(s => s.Kind != ClientKind.Raw);

    /// <summary>Skips where the vodozemac shim is not built (fails on CI, like every missing set-up part).</summary>
    [SetUp]
    public void RequireRawClient() =>
        Require.That(RawClient.IsAvailable, "the raw client kind needs the vodozemac shim (run `./complement setup`)");

    /// <summary>Diagnostics of a client go to this test's artefacts.</summary>
    protected ClientOptions ClientOptions() => new() { Artefacts = Artefacts, TestName = TestContext.CurrentContext.Test.FullName };

    /// <summary>Registers <paramref name="actor"/> and starts the SDK client under test on hs1.</summary>
    protected async Task<IClient> LoginVictimAsync(string actor, CancellationToken ct) =>
        await ClientFactory.LoginAsync(await DeploymentAsync(ct), actor, Victim, ClientOptions(), ct);

    /// <summary>Registers <paramref name="actor"/> and starts a raw device on hs1 (well-behaved unless <paramref name="raw"/> says otherwise).</summary>
    protected async Task<RawClient> LoginRawAsync(string actor, CancellationToken ct, RawClientOptions? raw = null) =>
        await RawClient.LoginAsync(await DeploymentAsync(ct), actor, "hs1", raw, ClientOptions(), ct);

    /// <summary>
    /// <paramref name="owner"/> creates an encrypted room named after the test (history visible to new members) and
    /// invites each of <paramref name="members"/>, who join; returns once the owner sees them all joined.
    /// </summary>
    protected static async Task<string> CreateRoomAsync(IClient owner, IReadOnlyList<IClient> members, CancellationToken ct)
    {
        var room = await owner.CreateRoomAsync(new CreateRoomOptions
        {
            Name = TestContext.CurrentContext.Test.Name, HistoryVisibility = HistoryVisibility.Shared,
        }, ct);
        foreach (var member in members) await InviteAndJoinAsync(owner, member, room, ct);
        return room;
    }

    /// <summary><paramref name="owner"/> invites <paramref name="member"/>, who joins; returns once the owner sees the join.</summary>
    protected static async Task InviteAndJoinAsync(IClient owner, IClient member, string room, CancellationToken ct)
    {
        await owner.InviteAsync(room, member.UserId, ct);
        await member.WaitForMembershipAsync(room, member.UserId, Membership.Invite, ct: ct);
        await member.JoinAsync(room, [owner.Homeserver], ct);
        await owner.WaitForMembershipAsync(room, member.UserId, Membership.Join, ct: ct);
    }

    /// <summary>
    /// A delivery barrier for to-device messages: <paramref name="raw"/> starts a new Megolm session, shares it the
    /// correct way and sends a control message, and this returns once <paramref name="victim"/> decrypted it. A device
    /// receives its to-device messages in order and an SDK handles them before the room events of the same sync, so
    /// whatever <paramref name="raw"/> sent the victim before has been processed by then.
    /// </summary>
    protected static async Task<SentEvent> SendControlMessageAsync(RawClient raw, IClient victim, string room, CancellationToken ct)
    {
        raw.RotateRoomKey(room);
        var control = await raw.SendTextAsync(room, $"control message from {raw.Actor}", ct);
        await victim.WaitForDecryptedAsync(room, [control], ct: ct);
        return control;
    }

    /// <summary>Returns once <paramref name="reader"/> has <paramref name="sent"/> in its timeline in any state but pending.</summary>
    protected static Task<TimelineEvent> WaitForSettledAsync(IClient reader, string room, SentEvent sent, CancellationToken ct) =>
        reader.WaitForEventAsync(room, e => e.EventId == sent.EventId && e.Decryption != DecryptionState.Pending,
            $"{sent.EventId} (\"{sent.Body}\") decrypted or shown as a UTD", ct: ct);

    /// <summary>Throws unless <paramref name="reader"/> shows <paramref name="sent"/> as a UTD (the message was refused).</summary>
    protected static async Task MustStillBeUndecryptableAsync(IClient reader, string room, SentEvent sent, string why,
        CancellationToken ct)
    {
        var seen = (await reader.GetTimelineAsync(room, ct)).FirstOrDefault(e => e.EventId == sent.EventId);
        if (seen is not { IsUnableToDecrypt: true })
            throw new ExpectationFailedException(
                $"{reader}: expected {sent.EventId} (\"{sent.Body}\") to stay undecryptable because {why}; it shows as " +
                (seen?.ToString() ?? "absent from the timeline"));
    }
}
