using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matrix.Complement.Harness.Clients.Js;
using Matrix.Complement.Harness.Configuration;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Network;

namespace Matrix.Complement.Cli;

/// <summary>
/// <c>./complement bench</c>: measures the figures DESIGN.md names, prints a table and writes
/// <c>reports/bench/latest.json</c> as <c>{"machine": …, "figures": [{"name", "unit", "median", "p90", "n"}]}</c>.
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"bench: {e.Message}");
            return 2;
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        var figures = new List<BenchFigure>();
        figures.AddRange(await ImageBuildBench.RunAsync(options, cts.Token));
        figures.AddRange(await DeploymentFiguresAsync(options, cts.Token));
        if (options.Wants("suite_wall_s") && SuiteWall() is { } wall) figures.Add(wall);
        Write(options.Out, figures);
        PrintTable(figures);
        Console.WriteLine($"written: {Path.GetFullPath(options.Out)}");
        return 0;
    }

    private static async Task<IReadOnlyList<BenchFigure>> DeploymentFiguresAsync(BenchOptions options, CancellationToken ct)
    {
        var figures = new List<BenchFigure>();
        if (options.Wants("hs_pair_ready_s"))
        {
            var ready = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                await using var pair = await Deployment.StartAsync(new DeploymentOptions { Homeservers = 2 }, ct);
                ready.Add(pair.StartTime.TotalSeconds);
            }
            figures.Add(new("hs_pair_ready_s", "s", ready));
        }
        string[] latency = ["raw_send_sync", "proxy_send_sync_ms", "js_", "e2ee_"];
        if (!latency.Any(options.Wants)) return figures;
        // One deployment for every latency figure, so ratios compare like with like.
        await using var deployment = await Deployment.StartAsync(new DeploymentOptions { Homeservers = 2 }, ct);
        HomeserverHandle hs1 = deployment["hs1"], hs2 = deployment["hs2"];
        if (options.Wants("raw_send_sync_ms"))
            figures.Add(new("raw_send_sync_ms", "ms", await SendSyncProbe.MeasureAsync(hs1.DirectApi, hs1.DirectApi, options.Samples, ct)));
        if (options.Wants("raw_send_sync_federated_ms"))
            figures.Add(new("raw_send_sync_federated_ms", "ms", await SendSyncProbe.MeasureAsync(hs1.DirectApi, hs2.DirectApi, options.Samples, ct)));
        if (options.Wants("proxy_send_sync_ms"))
            figures.AddRange(await ProxyBench.RunAsync(deployment, ct));
        if ((options.Wants("js_") || options.Wants("e2ee_")) && JsSdkBrowserClient.IsAvailable)
        {
            try
            {
                figures.AddRange(await JsBench.RunAsync(deployment, ct));
            }
            finally
            {
                await JsSdkBrowserClient.DisposeBrowsersAsync();
            }
        }
        return figures;
    }

    /// <summary>
    /// The wall time of the newest complete <c>./complement test</c> (the whole suite: no filter, no shard, one
    /// repetition; the suite is too long to run inside bench); its run id is printed with the table.
    /// </summary>
    private static BenchFigure? SuiteWall()
    {
        var artefacts = HarnessSettings.ArtefactsDir.Value ?? Path.Combine(HarnessSettings.RepositoryRoot, "artifacts");
        var newest = Directory.Exists(artefacts)
            ? Directory.GetDirectories(artefacts).Select(d => Path.Combine(d, "summary.env")).Where(File.Exists)
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .Select(path => (Path: path, Values: HarnessSettings.ReadEnvFile(path)))
                .FirstOrDefault(r => r.Values.GetValueOrDefault("COMMAND") == "test" && r.Values.GetValueOrDefault("SCOPE") == "full")
            : default;
        if (newest.Path is null || !double.TryParse(newest.Values.GetValueOrDefault("WALL_S"), CultureInfo.InvariantCulture, out var seconds))
        {
            Console.WriteLine("suite_wall_s: no complete `./complement test` run in the artefacts yet");
            return null;
        }
        Console.WriteLine($"suite_wall_s from run {Path.GetFileName(Path.GetDirectoryName(newest.Path))} " +
                          $"({newest.Values.GetValueOrDefault("LANES", "1")} lane(s))");
        return new BenchFigure("suite_wall_s", "s", [seconds]);
    }

    private static void Write(string path, IReadOnlyList<BenchFigure> figures)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var json = new JsonObject
        {
            ["machine"] = MachineFacts(),
            ["run_id"] = RunContext.Current.RunId,
            ["taken_at"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
            ["figures"] = new JsonArray(figures.Select(f => (JsonNode)new JsonObject
            {
                ["name"] = f.Name,
                ["unit"] = f.Unit,
                ["median"] = Round(f.Median),
                ["p90"] = Round(f.P90),
                ["n"] = f.Samples.Count,
            }).ToArray()),
        };
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static JsonNode? Round(double value) => double.IsNaN(value) ? null : JsonValue.Create(Math.Round(value, 3));

    private static JsonObject MachineFacts()
    {
        string Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "";
        var mem = Read("/proc/meminfo").Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal)) ?? "";
        return new JsonObject
        {
            ["cores"] = Environment.ProcessorCount,
            ["memory"] = mem.Replace("MemTotal:", "", StringComparison.Ordinal).Trim(),
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["dotnet"] = Environment.Version.ToString(),
            ["load_average"] = Read("/proc/loadavg"),
        };
    }

    private static void PrintTable(IReadOnlyList<BenchFigure> figures)
    {
        Console.WriteLine();
        Console.WriteLine($"{"figure",-34} {"unit",-5} {"median",10} {"p90",10} {"n",5}");
        Console.WriteLine(new string('-', 68));
        foreach (var f in figures)
            Console.WriteLine($"{f.Name,-34} {f.Unit,-5} {f.Median,10:F2} {f.P90,10:F2} {f.Samples.Count,5}");
        var raw = figures.FirstOrDefault(f => f.Name == "raw_send_sync_ms");
        foreach (var (name, over) in new[] { ("proxy_send_sync_ms", raw), ("e2ee_send_decrypt_ms", raw),
                     ("e2ee_send_decrypt_federated_ms", figures.FirstOrDefault(f => f.Name == "raw_send_sync_federated_ms")) })
        {
            var f = figures.FirstOrDefault(x => x.Name == name);
            if (f is not null && over is not null && over.Median > 0)
                Console.WriteLine($"ratio {name} / {over.Name}: {f.Median / over.Median:F2}");
        }
    }
}
