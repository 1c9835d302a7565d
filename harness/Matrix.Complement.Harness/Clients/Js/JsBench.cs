using System.Diagnostics;
using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Harness.Clients.Js;

/// <summary>
/// The js client's figures for <c>./complement bench</c>: client readiness, encrypted send-to-decrypted latency
/// on one server and across federation (timestamps taken in the pages, so CDP round trips never count), and the
/// browser's memory with eight synced clients.
/// </summary>
public static class JsBench
{
    /// <summary>Readiness samples (register + context + crypto init + first sync + keys on the server).</summary>
    public const int ReadySamples = 10;

    /// <summary>Latency samples per figure (after one warm-up message each).</summary>
    public const int LatencySamples = 30;

    /// <summary>Runs every js figure against <paramref name="deployment"/> (hs1 and hs2).</summary>
    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(Deployment.Deployment deployment, CancellationToken ct)
    {
        var js = new ClientSpec(ClientKind.Js, "hs1");
        var ready = new List<double>();
        for (var i = 0; i < ReadySamples; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var client = await ClientFactory.LoginAsync(deployment, $"bench-ready{i}", js, ct: ct).ConfigureAwait(false);
            ready.Add(clock.Elapsed.TotalSeconds);
        }

        var (same, federated) = await LatenciesAsync(deployment, js, ct).ConfigureAwait(false);
        var memory = await MemoryAsync(deployment, js, ct).ConfigureAwait(false);
        return
        [
            new BenchFigure("js_client_ready_s", "s", ready),
            new BenchFigure("e2ee_send_decrypt_ms", "ms", same),
            new BenchFigure("e2ee_send_decrypt_federated_ms", "ms", federated),
            new BenchFigure("js_clients8_peak_mib", "MiB", memory),
        ];
    }

    private static async Task<(List<double> Same, List<double> Federated)> LatenciesAsync(Deployment.Deployment deployment,
        ClientSpec js, CancellationToken ct)
    {
        await using var alice = await ClientFactory.LoginAsync(deployment, "bench-alice", js, ct: ct).ConfigureAwait(false);
        await using var bob = await ClientFactory.LoginAsync(deployment, "bench-bob", js, ct: ct).ConfigureAwait(false);
        await using var remote = await ClientFactory.LoginAsync(deployment, "bench-bob", js.On("hs2"), ct: ct).ConfigureAwait(false);
        var sameRoom = await alice.CreateRoomAsync(new() { Invite = [bob.UserId], Name = "bench same server" }, ct).ConfigureAwait(false);
        var fedRoom = await alice.CreateRoomAsync(new() { Invite = [remote.UserId], Name = "bench federated" }, ct).ConfigureAwait(false);
        foreach (var (receiver, room) in new[] { (bob, sameRoom), (remote, fedRoom) })
        {
            await receiver.WaitForMembershipAsync(room, receiver.UserId, Membership.Invite, ct: ct).ConfigureAwait(false);
            await receiver.JoinAsync(room, ["hs1"], ct).ConfigureAwait(false);
            await alice.WaitForMembershipAsync(room, receiver.UserId, Membership.Join, ct: ct).ConfigureAwait(false);
        }
        var same = new List<double>();
        var federated = new List<double>();
        // Interleaved, so background load hits both alike; round 0 is the warm-up (first key share).
        for (var round = 0; round <= LatencySamples; round++)
        {
            foreach (var (receiver, room, samples) in new[] { (bob, sameRoom, same), (remote, fedRoom, federated) })
            {
                var sent = await alice.SendTextAsync(room, $"bench {round}", ct).ConfigureAwait(false);
                var seen = await receiver.WaitForEventAsync(room,
                    e => e.EventId == sent.EventId && e.Decryption == DecryptionState.Decrypted,
                    $"bench message {round} decrypted", ct: ct).ConfigureAwait(false);
                if (round > 0) samples.Add(seen.ObservedAtMs - sent.SentAtMs);
            }
        }
        return (same, federated);
    }

    private static async Task<IReadOnlyList<double>> MemoryAsync(Deployment.Deployment deployment, ClientSpec js, CancellationToken ct)
    {
        var clients = new List<IClient>();
        try
        {
            for (var i = 0; i < 8; i++)
                clients.Add(await ClientFactory.LoginAsync(deployment, $"bench-mem{i}", js.On(i % 2 == 0 ? "hs1" : "hs2"), ct: ct)
                    .ConfigureAwait(false));
            var marker = Unwrap(clients[0]).BrowserMarker;
            var room = await clients[0].CreateRoomAsync(new()
            {
                Invite = clients.Skip(1).Select(c => c.UserId).ToList(), Name = "bench memory",
            }, ct).ConfigureAwait(false);
            foreach (var c in clients.Skip(1))
            {
                await c.WaitForMembershipAsync(room, c.UserId, Membership.Invite, ct: ct).ConfigureAwait(false);
                await c.JoinAsync(room, ["hs1"], ct).ConfigureAwait(false);
            }
            var samples = new List<double> { BrowserMemory.PssMiB(marker) };
            foreach (var sender in clients)
            {
                var sent = await sender.SendTextAsync(room, $"memory from {sender.UserId}", ct).ConfigureAwait(false);
                foreach (var c in clients.Where(c => c != sender))
                    await c.WaitForEventAsync(room, e => e.EventId == sent.EventId && e.Decryption == DecryptionState.Decrypted,
                        "memory bench message decrypted", ct: ct).ConfigureAwait(false);
                samples.Add(BrowserMemory.PssMiB(marker));
            }
            return [samples.Max()]; // the figure is the peak while all eight are synced and exchanging
        }
        finally
        {
            foreach (var c in clients) await c.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static JsSdkBrowserClient Unwrap(IClient client) => client switch
    {
        LoggedClient logged => Unwrap(logged.Inner),
        JsSdkBrowserClient js => js,
        _ => throw new ArgumentException($"{client} is not a js client"),
    };
}
