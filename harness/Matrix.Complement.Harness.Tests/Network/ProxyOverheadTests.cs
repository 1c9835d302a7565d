using System.Diagnostics;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Network;
using NUnit.Framework;

namespace Matrix.Complement.Harness.Tests.Network;

/// <summary>
/// The proxy's cost on the latency path that matters most: send → seen by a parked long-poll <c>/sync</c>.
/// The bar (issue 4) is within 20% of direct. On a shared, loaded machine two blocks measured one after the
/// other differ by more than that from noise alone, so the comparison alternates direct and proxied samples
/// with the same users in the same room and bounds the median of the paired differences (each proxied sample
/// minus the direct one next to it in time) by 20% of the direct median. <see cref="ProxyBench"/> is checked
/// for its figure's shape.
/// </summary>
[TestFixture, CancelAfter(300_000), NonParallelizable] // a latency measurement: keep the machine quiet
public sealed class ProxyOverheadTests
{
    private const int Pairs = 30;

    [Test]
    public async Task Send_to_sync_through_the_proxy_is_within_20_percent_of_direct(CancellationToken ct)
    {
        // Given
        var deployment = await NetworkDeploymentFixture.GetAsync(ct);
        var hs1 = deployment["hs1"];
        var alice = await hs1.RegisterUserAsync("alice", ct);
        var bob = await hs1.RegisterUserAsync("bob", ct);
        var room = await hs1.Api.CreateRoomAsync(alice, new JsonObject { ["preset"] = "private_chat", ["invite"] = new JsonArray(bob.UserId) }, ct);
        await hs1.Api.JoinAsync(bob, room, ct: ct);
        var since = (await hs1.Api.SyncAsync(bob, null, 0, ct))["next_batch"]!.GetValue<string>();

        // When
        var direct = new List<double>();
        var proxied = new List<double>();
        for (var i = 0; i < Pairs * 2; i++)
        {
            var viaProxy = (i % 4) is 1 or 2; // D P P D D P P D …: neither path always goes first
            double ms;
            (ms, since) = await SendToSyncAsync(viaProxy ? hs1.Api : hs1.DirectApi, alice, bob, room, since, ct);
            (viaProxy ? proxied : direct).Add(ms);
        }
        var figures = await ProxyBench.RunAsync(deployment, ct);

        // Then
        var d = new BenchFigure("raw_send_sync_ms", "ms", direct);
        var p = new BenchFigure("proxy_send_sync_ms", "ms", proxied);
        var bench = figures.Single(f => f.Name == "proxy_send_sync_ms");
        var overhead = new BenchFigure("overhead", "ms", direct.Zip(proxied, (x, y) => y - x).ToList());
        TestContext.Out.WriteLine($"interleaved: direct median {d.Median:F1} ms (p90 {d.P90:F1}), proxy median {p.Median:F1} ms " +
                                  $"(p90 {p.P90:F1}), paired overhead median {overhead.Median:F1} ms, n={Pairs} each; ProxyBench median {bench.Median:F1} ms, n={bench.Samples.Count}");
        Assert.That(bench.Samples, Has.Count.GreaterThanOrEqualTo(30));
        Assert.That(overhead.Median, Is.LessThanOrEqualTo(d.Median * 0.2),
            $"paired overhead {overhead.Median:F1} ms; proxy median {p.Median:F1} ms vs direct {d.Median:F1} ms");
    }

    /// <summary>Parks bob's long-poll, sends as alice, and returns the time until the poll returned the message.</summary>
    private static async Task<(double Ms, string Since)> SendToSyncAsync(ClientServerApi api, MatrixSession alice,
        MatrixSession bob, string room, string since, CancellationToken ct)
    {
        var body = "overhead-" + Guid.NewGuid().ToString("N");
        var poll = PollUntilAsync(api, bob, room, since, body, ct);
        await Task.Delay(SendSyncProbe.ParkTime, ct); // the same parking time as the bench probe
        var clock = Stopwatch.StartNew();
        await api.SendTextAsync(alice, room, body, ct);
        var next = await poll;
        return (clock.Elapsed.TotalMilliseconds, next);
    }

    private static async Task<string> PollUntilAsync(ClientServerApi api, MatrixSession who, string room, string since,
        string body, CancellationToken ct)
    {
        while (true)
        {
            var sync = await api.SyncAsync(who, since, 15_000, ct);
            since = sync["next_batch"]!.GetValue<string>();
            var events = sync["rooms"]?["join"]?[room]?["timeline"]?["events"]?.AsArray();
            if (events is not null && events.Any(e => e?["content"]?["body"]?.GetValue<string>() == body)) return since;
        }
    }
}
