using Matrix.Complement.Harness.Configuration;

namespace Matrix.Complement.Reports;

/// <summary>
/// The <c>report</c> command of the CLI:
/// <c>report [--run-dir DIR] [--results DIR] [--out DIR] [--latest DIR | --no-latest] [--coverage] [--fail-on-unexpected]</c>.
/// Defaults: the run of <c>MATRIX_COMPLEMENT_RUN_ID</c> (else <c>artifacts/latest</c>), its <c>results/</c>, its
/// <c>report/</c>, and <c>reports/site</c> for the latest link. Exit codes: 0 written, 1 written and
/// <c>--fail-on-unexpected</c> found failures, errors, flakes or unexpected passes, 2 bad arguments or no run folder.
/// </summary>
public static class ReportEntry
{
    /// <summary>The usage line.</summary>
    public const string Usage =
        "usage: report [--run-dir DIR] [--results DIR] [--out DIR] [--latest DIR | --no-latest] [--coverage] [--fail-on-unexpected]";

    /// <summary>Runs the command.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        string? runDir = null, results = null, outDir = null;
        var latest = Path.Combine(HarnessSettings.RepositoryRoot, "reports", "site");
        bool noLatest = false, coverage = false, failOnUnexpected = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--run-dir": runDir = Next(); break;
                    case "--results": results = Next(); break;
                    case "--out": outDir = Next(); break;
                    case "--latest": latest = Next(); break;
                    case "--no-latest": noLatest = true; break;
                    case "--coverage": coverage = true; break;
                    case "--fail-on-unexpected": failOnUnexpected = true; break;
                    case "-h" or "--help":
                        output.WriteLine(Usage);
                        return Task.FromResult(0);
                    default: throw new ArgumentException($"unknown argument '{args[i]}'");
                }
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"report: {e.Message}");
                error.WriteLine(Usage);
                return Task.FromResult(2);
            }
        }
        runDir ??= DefaultRunDirectory();
        if (!Directory.Exists(runDir))
        {
            error.WriteLine($"report: no run folder at {runDir}; pass --run-dir or run ./complement run first");
            return Task.FromResult(2);
        }
        runDir = ResolveLink(Path.GetFullPath(runDir));
        var options = new ReportOptions
        {
            RunDirectory = runDir,
            ResultsDirectory = results,
            OutputDirectory = outDir is null ? null : Path.GetFullPath(outDir),
            LatestDirectory = noLatest ? null : latest,
            Coverage = coverage,
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = SiteWriter.Generate(options, error);
        var counts = run.Counts;
        output.WriteLine($"report: {run.Tests.Count} tests: " +
            string.Join(", ", TestOutcomes.All.Where(o => counts[o] > 0).Select(o => $"{counts[o]} {o.Label()}")) +
            $" ({clock.Elapsed.TotalSeconds:0.0} s)");
        output.WriteLine($"report: {Path.Combine(options.SiteDirectory, "index.html")}");
        return Task.FromResult(failOnUnexpected && !run.IsGreen ? 1 : 0);
    }

    private static string DefaultRunDirectory()
    {
        var root = HarnessSettings.ArtefactsDir.Value ?? Path.Combine(HarnessSettings.RepositoryRoot, "artifacts");
        return Path.Combine(root, HarnessSettings.RunId.Value ?? "latest");
    }

    private static string ResolveLink(string directory)
    {
        var info = new DirectoryInfo(directory);
        return info.LinkTarget is null ? directory
            : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? directory;
    }
}
