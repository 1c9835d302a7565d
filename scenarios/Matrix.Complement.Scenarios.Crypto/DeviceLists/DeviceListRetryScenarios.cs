using Matrix.Complement.Scenarios.Crypto.Support;
using static Matrix.Complement.Scenarios.Crypto.Support.FaultScenarioSupport;

namespace Matrix.Complement.Scenarios.Crypto.DeviceLists;

/// <summary>
/// Alice's client cannot download Bob's device list at first: her first three <c>/keys/query</c> requests for
/// Bob fail with 504. It must retry on its own, reach the server, and encrypt for Bob's device, so Bob decrypts
/// her messages. Three failures rather than complement-crypto's four: matrix-js-sdk backs off 2, 4, 8 and 16 s,
/// so the fourth failure alone would add 16 s without exercising anything new.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Kinds))]
public sealed class DeviceListRetryScenarios(ClientSpec kind) : CryptoScenario(new ClientPair(kind, kind))
{
    [Scenario, Spec("client-server-api/#post_matrixclientv3keysquery"), CancelAfter(120_000)]
    public async Task A_failed_device_list_download_is_retried(CancellationToken ct)
    {
        // Given
        var network = (await DeploymentAsync(ct)).Network;
        await using var alice = await LoginAsync("alice", kind, ct);
        await using var bob = await LoginAsync("bob", kind, ct);

        // When
        await using var failing = await network.FailAsync(KeyQueriesFor(kind.Homeserver, bob.UserId).ForUsers(alice.UserId), times: 3, status: 504, ct);
        await using var queries = await network.SniffAsync(KeyQueriesFor(kind.Homeserver, bob.UserId).ForUsers(alice.UserId), ct: ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        var fromAlice = await alice.SendTextMessagesAsync(room, 2, "after the device list retry", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, fromAlice, AfterRetries(3), ct);
        Assert.That(queries.Sniffed.Take(4).Select(f => f.Status), Is.EqualTo(new[] { 504, 504, 504, 200 }),
            $"{alice} should have asked for {bob.UserId}'s devices again after each 504 and reached the server");
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
