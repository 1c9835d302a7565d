using System.Globalization;
using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Scenarios.Hunting;

/// <summary>
/// Base of the hunting tests: runs action sequences on the shared deployment with the executor, runs the hunt
/// property, and writes what it found into the run's <c>hunt/</c> folder: a replayable scenario file per failure,
/// a log of every run, and <c>result.env</c> (SEED, RESULT, RUNS, ACTIONS, REPLAY, OTHERS) for <c>./complement hunt</c>.
/// </summary>
public abstract class HuntScenario : ScenarioTest
{
    /// <summary>The run's hunt folder (kept whatever the test's outcome).</summary>
    protected static string HuntDirectory => Directory.CreateDirectory(Path.Combine(RunContext.Current.Directory, "hunt")).FullName;

    /// <summary>
    /// Runs the hunt property for <paramref name="budget"/> and records what it found: the shrunk failure as
    /// <c>hunt-SEED.json</c>, every other failure met on the way as <c>hunt-SEED-other-N.json</c>.
    /// </summary>
    protected async Task<(HuntResult Result, string? ReplayPath)> HuntAsync(TimeSpan budget, ulong seed, IReadOnlyList<string> kinds,
        IReadOnlyList<string> faults, CancellationToken ct, Func<string, bool>? hunted = null)
    {
        var executor = await ExecutorAsync(kinds, faults, ct);
        var logPath = Path.Combine(HuntDirectory, $"hunt-{seed}.log");
        Log(logPath, $"hunt: seed {seed}, budget {budget}, kinds {string.Join(",", kinds)}" +
                     (faults.Count > 0 ? $", driver faults {string.Join(",", faults)}" : ""));
        RunManifest.RecordSeed(TestContext.CurrentContext.Test.FullName, seed.ToString(CultureInfo.InvariantCulture));
        var property = new HuntProperty(actions => executor.RunAsync(actions, ct).GetAwaiter().GetResult(), budget, seed,
            line => Log(logPath, line), hunted);
        var result = await Task.Run(property.Check, ct);
        string Save(HuntOutcome outcome, string name) => new HuntScenarioFile
        {
            Seed = seed.ToString(CultureInfo.InvariantCulture), Kinds = kinds, Faults = faults,
            Actions = outcome.Actions, Violations = Violations(outcome),
        }.Save(Path.Combine(HuntDirectory, name));
        var replay = result.Shrunk is { } shrunk ? Save(shrunk, $"hunt-{seed}.json") : null;
        for (var i = 0; i < result.Others.Count; i++)
            Log(logPath, $"hunt: another failure, saved as {Save(result.Others[i], $"hunt-{seed}-other-{i + 1}.json")}:\n{result.Others[i].Describe()}");
        Log(logPath, $"hunt: {result.Runs} run(s) in {result.Elapsed:hh\\:mm\\:ss}, {result.Errors.Count} broke before their checks" + (result.Found
            ? $", failure found and shrunk to {result.Shrunk!.Actions.Count} action(s) in {result.ShrinkRuns} more run(s); replay: {replay}"
            : ", no failure found"));
        WriteResult(seed, result.Found ? "failure" : "none", result.Runs + result.ShrinkRuns, result.Shrunk?.Actions.Count, replay,
            result.Others.Count);
        return (result, replay);
    }

    /// <summary>Runs a saved scenario exactly once, with its kinds and faults.</summary>
    protected async Task<HuntOutcome> ReplayAsync(string path, CancellationToken ct)
    {
        var file = HuntScenarioFile.Load(path);
        var executor = await ExecutorAsync(file.Kinds, file.Faults, ct);
        var logPath = Path.Combine(HuntDirectory, "replay.log");
        Log(logPath, $"replay of {path} ({file.Actions.Count} actions, kinds {string.Join(",", file.Kinds)}):\n" + HuntOutcome.Numbered(file.Actions));
        var outcome = await executor.RunAsync(file.Actions, ct);
        Log(logPath, outcome.Passed ? "replay passed" : "replay FAILED: " + outcome.Describe());
        WriteResult(0, outcome.Passed ? "replay-passed" : "replay-failed", 1, file.Actions.Count, path);
        return outcome;
    }

    /// <summary>A violation list for the saved file (the error, when the run stopped on one).</summary>
    protected static IReadOnlyList<string> Violations(HuntOutcome outcome) =>
        outcome.Error is { } e ? [$"{e.GetType().Name}: {e.Message}", .. outcome.Violations] : outcome.Violations;

    private async Task<HuntExecutor> ExecutorAsync(IReadOnlyList<string> kinds, IReadOnlyList<string> faults, CancellationToken ct)
    {
        foreach (var kind in kinds.Select(k => Enum.Parse<ClientKind>(k, ignoreCase: true)).Distinct())
            Assume.That(ClientMatrix.IsAvailable(kind), $"the {ClientMatrix.ShortName(kind)} client kind is not built (run set-up)");
        var deployment = await DeploymentAsync(ct);
        return new HuntExecutor(deployment, new HuntRunOptions
        {
            Kinds = kinds,
            Faults = HuntSettings.ParseFaults(faults),
            Artefacts = Artefacts,
            TestName = TestContext.CurrentContext.Test.FullName,
            Log = line => TestContext.Progress.WriteLine(line),
        });
    }

    private static void WriteResult(ulong seed, string result, int runs, int? actions, string? replay, int others = 0) =>
        File.WriteAllText(Path.Combine(HuntDirectory, "result.env"),
            $"SEED={seed}\nRESULT={result}\nRUNS={runs}\nACTIONS={actions}\nREPLAY={replay}\nOTHERS={others}\n");

    private static readonly Lock LogGate = new();

    private static void Log(string path, string line)
    {
        TestContext.Progress.WriteLine(line);
        lock (LogGate) File.AppendAllText(path, line + "\n");
    }
}
