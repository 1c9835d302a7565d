using Matrix.Complement.Scenarios.Interop.Support;

namespace Matrix.Complement.Scenarios.Interop.Megolm;

/// <summary>
/// A nio device (libolm, with its SQLite store) restarted next to a device of another implementation (matrix-sdk-crypto
/// in js, or vodozemac in the raw device), in both directions, on one server and across federation: Olm and Megolm
/// state must survive the restart on the nio side and keep crossing.
/// </summary>
[TestFixtureSource(typeof(InteropPairs), nameof(InteropPairs.WithNio))]
public sealed class NioRestartScenarios(ClientPair clients) : InteropScenario(clients)
{
    /// <summary>How the nio side goes down: a clean close, or a crash (SIGKILL of its process).</summary>
    public enum Stop { Close, Crash }

    /// <summary>
    /// The nio side goes down (a clean close, or SIGKILL of its process) while the other implementation keeps
    /// sending, then comes back from its store as the same device. It must decrypt what was sent while it was down
    /// and after, and its first message after the restart (a new outbound Megolm session: nio does not persist
    /// those) must decrypt on the other side.
    /// </summary>
    [Scenario, Spec("client-server-api/#end-to-end-encryption"), CancelAfter(180_000)]
    public async Task A_restarted_nio_device_keeps_decrypting_and_is_read_after_it([Values] Stop stop, CancellationToken ct)
    {
        // Given
        await using var alice = await LoginAsync("alice", Clients.Alice, ct);
        await using var bob = await LoginAsync("bob", Clients.Bob, ct);
        var (nio, other) = alice.Kind == ClientKind.Nio ? (alice, bob) : (bob, alice);
        var room = await CreateSharedEncryptedRoomAsync(alice, bob, ct);
        await nio.WaitForDecryptedAsync(room, await other.SendTextMessagesAsync(room, 1, "before", ct), ct: ct);
        await other.WaitForDecryptedAsync(room, await nio.SendTextMessagesAsync(room, 1, "before", ct), ct: ct);

        // When
        if (stop == Stop.Crash) await nio.CrashAsync(ct); else await nio.CloseAsync(ct);
        var whileDown = await other.SendTextMessagesAsync(room, 2, "while nio is down", ct);
        await nio.StartAsync(ct);
        var after = await other.SendTextMessagesAsync(room, 2, "after nio is back", ct);
        var reply = await nio.SendTextMessagesAsync(room, 1, "nio is back", ct);

        // Then
        await nio.WaitForDecryptedAsync(room, [.. whileDown, .. after], ct: ct);
        await other.WaitForDecryptedAsync(room, reply, ct: ct);
        await nio.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
        await other.MustHaveNoUnexpectedUtdsAsync(room, ct: ct);
    }
}
