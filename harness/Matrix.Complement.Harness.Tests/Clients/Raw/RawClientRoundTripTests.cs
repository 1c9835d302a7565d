using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Clients.Raw;
using Matrix.Complement.NUnit;

namespace Matrix.Complement.Harness.Tests.Clients.Raw;

/// <summary>
/// The raw client against real Synapse: it starts (keys on the server, first sync), and two raw devices exchange
/// Megolm messages both ways in an encrypted room, on one server and across federation, with zero UTDs.
/// </summary>
[TestFixture, CancelAfter(120_000)]
public sealed class RawClientRoundTripTests : ScenarioTest
{
    private ClientOptions Options => new() { Artefacts = Artefacts, TestName = TestContext.CurrentContext.Test.FullName };

    [SetUp]
    public void RequireShim() => Require.That(RawShim.IsAvailable, "the vodozemac shim is not built here (run set-up)");

    [TestCase("hs1", "hs1")]
    [TestCase("hs1", "hs2")]
    public async Task Two_raw_devices_exchange_megolm_messages_both_ways(string aliceServer, string bobServer, CancellationToken ct)
    {
        var deployment = await DeploymentAsync(ct);
        await using var alice = await ClientFactory.LoginAsync(deployment, "alice", new ClientSpec(ClientKind.Raw, aliceServer), Options, ct);
        await using var bob = await ClientFactory.LoginAsync(deployment, "bob", new ClientSpec(ClientKind.Raw, bobServer), Options, ct);
        await TestContext.Progress.WriteLineAsync(
            $"raw start: {RawClient.Of(alice)!.LastStartDuration.TotalMilliseconds:F0} ms, {RawClient.Of(bob)!.LastStartDuration.TotalMilliseconds:F0} ms");

        var room = await alice.CreateRoomAsync(new CreateRoomOptions { Invite = [bob.UserId], Name = TestContext.CurrentContext.Test.Name }, ct);
        await bob.WaitForMembershipAsync(room, bob.UserId, Membership.Invite, ct: ct);
        await bob.JoinAsync(room, [aliceServer], ct);
        await alice.WaitForMembershipAsync(room, bob.UserId, Membership.Join, ct: ct);

        var fromAlice = await alice.SendTextMessagesAsync(room, 2, "raw round trip", ct);
        await bob.WaitForDecryptedAsync(room, fromAlice, ct: ct);
        var fromBob = await bob.SendTextMessagesAsync(room, 2, "raw round trip", ct);
        await alice.WaitForDecryptedAsync(room, fromBob, ct: ct);

        Assert.That(await bob.IsRoomEncryptedAsync(room, ct), Is.True);
        await alice.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }

    [Test]
    public async Task A_raw_device_declares_only_what_it_does_and_refuses_the_rest_by_name(CancellationToken ct)
    {
        var deployment = await DeploymentAsync(ct);
        await using var alice = await ClientFactory.LoginAsync(deployment, "alice", new ClientSpec(ClientKind.Raw, "hs1"), Options, ct);

        Assert.That(alice.Features, Is.EquivalentTo(new[] { ClientFeature.FallbackKeys }));
        var e = Assert.ThrowsAsync<NotSupportedException>(() => alice.EnableKeyBackupAsync(ct));
        Assert.That(e!.Message, Does.Contain("raw client kind").And.Contain("EnableKeyBackupAsync"));
    }

    [Test]
    public async Task A_restarted_raw_device_keeps_its_keys_and_still_decrypts(CancellationToken ct)
    {
        var deployment = await DeploymentAsync(ct);
        await using var alice = await ClientFactory.LoginAsync(deployment, "alice", new ClientSpec(ClientKind.Raw, "hs1"), Options, ct);
        await using var bob = await ClientFactory.LoginAsync(deployment, "bob", new ClientSpec(ClientKind.Raw, "hs1"), Options, ct);
        var room = await alice.CreateRoomAsync(new CreateRoomOptions { Invite = [bob.UserId] }, ct);
        await bob.JoinAsync(room, ["hs1"], ct);
        await alice.WaitForMembershipAsync(room, bob.UserId, Membership.Join, ct: ct);

        await bob.RestartAsync(ct);
        var sent = await alice.SendTextMessagesAsync(room, 1, "after restart", ct);

        await bob.WaitForDecryptedAsync(room, sent, ct: ct);
    }
}
