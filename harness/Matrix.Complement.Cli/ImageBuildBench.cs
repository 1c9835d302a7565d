using System.Diagnostics;
using Matrix.Complement.Harness.Configuration;
using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Cli;

/// <summary>
/// Image build time of the Synapse image: cold (no layer cache; the base image present) and warm (layer cache,
/// as set-up rebuilds after a change to the entrypoint only). Built to a throwaway tag that is removed after.
/// </summary>
internal static class ImageBuildBench
{
    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var context = Path.Combine(HarnessSettings.RepositoryRoot, "fixtures", "images", "synapse");
        var tag = $"matrix-complement/bench-synapse:{Environment.ProcessId}";
        var figures = new List<BenchFigure>();
        try
        {
            if (options.Wants("image_build_cold_s"))
                figures.Add(new("image_build_cold_s", "s", [await BuildAsync(context, tag, noCache: true, ct)]));
            if (options.Wants("image_build_warm_s"))
            {
                var warm = new List<double>();
                for (var i = 0; i < 3; i++) warm.Add(await BuildAsync(context, tag, noCache: false, ct));
                figures.Add(new("image_build_warm_s", "s", warm));
            }
        }
        finally
        {
            await DockerAsync(["rmi", "-f", tag], CancellationToken.None);
            await DockerAsync(["image", "prune", "-f", "--filter", "label=matrix-complement.bench=1"], CancellationToken.None);
        }
        return figures;
    }

    private static async Task<double> BuildAsync(string context, string tag, bool noCache, CancellationToken ct)
    {
        var args = new List<string> { "build", "--network", "host", "--force-rm", "--label", "matrix-complement.bench=1", "-t", tag };
        if (noCache) args.Add("--no-cache");
        args.Add(context);
        var clock = Stopwatch.StartNew();
        var (code, output) = await DockerAsync(args, ct);
        if (code != 0)
            throw new InvalidOperationException($"docker {string.Join(' ', args)} failed ({code}):\n{string.Join('\n', output.Split('\n').TakeLast(20))}");
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<(int Code, string Output)> DockerAsync(IEnumerable<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}
