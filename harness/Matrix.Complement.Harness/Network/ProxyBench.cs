using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Http;

namespace Matrix.Complement.Harness.Network;

/// <summary>
/// The proxy's bench figure: <c>proxy_send_sync_ms</c>, an unencrypted message from send to being returned by
/// a receiver's parked long-poll <c>/sync</c> on the same server, both clients talking through the proxy.
/// Compare with <c>raw_send_sync_ms</c> (the same probe on <see cref="Deployment.HomeserverHandle.DirectApi"/>)
/// of the same run: the bar is within 20%.
/// </summary>
public static class ProxyBench
{
    /// <summary>Samples per figure.</summary>
    public const int Samples = 30;

    /// <summary>Measures <c>proxy_send_sync_ms</c> on the deployment's first server.</summary>
    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(Deployment.Deployment deployment, CancellationToken ct)
    {
        var server = deployment.Homeservers[0];
        var samples = await SendSyncProbe.MeasureAsync(server.Api, server.Api, Samples, ct).ConfigureAwait(false);
        return [new BenchFigure("proxy_send_sync_ms", "ms", samples)];
    }
}
