using Matrix.Complement.Scenarios.Crypto.Support;
using static Matrix.Complement.Scenarios.Crypto.Support.FaultScenarioSupport;

namespace Matrix.Complement.Scenarios.Crypto.ToDevice;

/// <summary>
/// Alice's first two <c>PUT /sendToDevice</c> requests (the ones carrying her room key to Bob) fail with 504. Her
/// client must send the key again (or fail the send, which this harness would report), and Bob must decrypt.
/// </summary>
[TestFixtureSource(typeof(ClientMatrix), nameof(ClientMatrix.Pairs))]
public sealed class SendToDeviceRetryScenarios(ClientPair clients) : CryptoScenario(clients)
{
    [Scenario, Spec("client-server-api/#put_matrixclientv3sendtodeviceeventtypetxnid"), CancelAfter(90_000)]
    public async Task A_failed_send_to_device_is_retried(CancellationToken ct)
    {
        // Given
        var network = (await DeploymentAsync(ct)).Network;
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);

        // When
        await using var failing = await network.FailAsync(SendToDevice(alice.Homeserver).ForUsers(alice.UserId), times: 2, status: 504, ct);
        await using var sends = await network.SniffAsync(SendToDevice(alice.Homeserver).ForUsers(alice.UserId), ct: ct);
        var fromAlice = await alice.SendTextMessagesAsync(room, 2, "after the to-device retry", ct);

        // Then
        await bob.WaitForDecryptedAsync(room, fromAlice, AfterRetries(2), ct);
        Assert.That(sends.Sniffed.Take(3).Select(f => f.Status), Is.EqualTo(new[] { 504, 504, 200 }),
            $"{alice} should have sent the room key again after each 504");
        await bob.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
