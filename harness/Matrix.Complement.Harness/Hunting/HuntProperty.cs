using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace Matrix.Complement.Harness.Hunting;

/// <summary>
/// The UTD hunt as an FsCheck property: "for every valid action sequence, the model's predictions hold on real
/// clients". FsCheck generates the sequences from random numbers through the model (<see cref="HuntSequence.Build"/>),
/// so every one is valid; runs go on until <paramref name="budget"/> is spent (later tests FsCheck asks for are not
/// run) or a failure is found. Only a violation (an unexpected UTD or a forbidden decryption) is a failure: a run that
/// broke before its checks (a wait timed out, a call threw) is logged and listed in <see cref="HuntResult.Errors"/>.
/// A failure counts only through its hunted violation signatures (<see cref="HuntOutcome.Signatures"/>): one without
/// any is logged and listed in <see cref="HuntResult.Others"/>, and the hunt goes on. The first failure fixes the
/// target (its hunted signatures) and is shrunk by our own greedy loop, not FsCheck's shrinker, for as long again as
/// the budget: the candidates of the current failure (<see cref="HuntSequence.ShrinkCandidates"/>, hinted with the
/// last action it involved) are run in turn, and the first that fails with fewer actions becomes the current failure,
/// until none does. A candidate counts as failing only when it shows one of the target signatures, so a smaller
/// sequence that fails differently is another finding (listed in Others), never a smaller form of this one. Each
/// sequence is run at most once per <see cref="Check"/>, and the shrunk failure is the failing run with the fewest
/// actions.
/// </summary>
/// <param name="run">Runs one sequence on real clients (the executor).</param>
/// <param name="budget">How long to look for a failure.</param>
/// <param name="seed">The seed: the same seed generates the same sequences.</param>
/// <param name="log">Receives one line per run.</param>
/// <param name="hunted">Which violation signatures the hunt is after (null: every one).</param>
/// <param name="maxSequences">The most sequences generated (the budget normally ends the hunt first).</param>
public sealed class HuntProperty(Func<IReadOnlyList<HuntAction>, HuntOutcome> run, TimeSpan budget, ulong seed, Action<string> log,
    Func<string, bool>? hunted = null, int maxSequences = 100_000)
{
    /// <summary>
    /// The most actions a generated sequence has (and the fewest). A run's set-up costs as much as several actions,
    /// so longer sequences explore more per minute; shrinking makes a failure short again.
    /// </summary>
    public const int MaxActions = 12, MinActions = 6;

    /// <summary>Generated sequences: <see cref="MinActions"/> to <see cref="MaxActions"/> actions, valid by construction.</summary>
    public static Gen<IReadOnlyList<HuntAction>> Sequences { get; } =
        from n in Gen.Choose(MinActions, MaxActions)
        from choices in Gen.Choose(0, int.MaxValue).ArrayOf(n)
        select HuntSequence.Build(choices);

    /// <summary>Runs the property; returns what it found.</summary>
    public HuntResult Check()
    {
        var clock = Stopwatch.StartNew();
        var ran = new HashSet<string>(StringComparer.Ordinal);
        var runs = 0;
        var shrinkRuns = 0;
        var errors = new List<HuntOutcome>();
        var others = new List<HuntOutcome>();
        var otherKinds = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<HuntOutcome>(); // the counted failures, in the order they ran
        IReadOnlySet<string> target = new HashSet<string>(StringComparer.Ordinal);

        // Runs a sequence not run before and returns its outcome if it counts as a failure: before the first
        // failure, one showing a hunted signature; after it, one showing a target signature. A sequence run before
        // is not run again: it did not count, or it failed with no fewer actions than the failure being shrunk.
        HuntOutcome? RunCounted(IReadOnlyList<HuntAction> actions)
        {
            if (!ran.Add(Key(actions))) return null;
            var shrinking = failures.Count > 0;
            if (shrinking) shrinkRuns++;
            else runs++;
            log($"{(shrinking ? $"shrink {shrinkRuns}" : $"run {runs}")} ({actions.Count} actions, {clock.Elapsed:mm\\:ss} elapsed):\n" +
                HuntOutcome.Numbered(actions));
            var outcome = run(actions);
            log(outcome.Passed ? $"  passed in {outcome.Duration.TotalSeconds:F0}s"
                : outcome.Violations.Count == 0 ? $"  ERROR in {outcome.Duration.TotalSeconds:F0}s (not counted as a failure): {outcome.Describe()}"
                : $"  FAILED in {outcome.Duration.TotalSeconds:F0}s: {outcome.Describe()}");
            if (outcome.Passed) return null;
            if (outcome.Violations.Count == 0)
            {
                // The run broke before its checks (a wait timed out, a call failed): report it, but only an unexpected
                // UTD or a leak counts as a failure, so a slow machine's noise is neither shrunk nor reported as a find.
                errors.Add(outcome);
                return null;
            }
            var counted = outcome.Signatures.Where(sig => shrinking ? target.Contains(sig) : hunted?.Invoke(sig) ?? true)
                .ToHashSet(StringComparer.Ordinal);
            if (counted.Count == 0)
            {
                var kind = string.Join("; ", outcome.Signatures);
                var isNew = otherKinds.Add(kind); // one recurring failure is kept once
                if (isNew) others.Add(outcome);
                log((shrinking ? "  fails differently from the failure being shrunk, so not taken as smaller" : "  not the failure hunted") +
                    (isNew ? ": kept as another finding" : ": seen before") + (shrinking ? "" : "; the hunt goes on"));
                return null;
            }
            if (!shrinking) target = counted;
            failures.Add(outcome);
            return outcome;
        }

        // Generation only: the arbitrary has no shrinker, and the first counted failure (false) ends the test loop.
        var property = Prop.ForAll(Arb.From(Sequences), actions => clock.Elapsed >= budget || RunCounted(actions) is null);
        var replay = new Replay(new Rnd(seed), FSharpOption<int>.None);
        var config = Config.Quick.WithMaxTest(maxSequences).WithRunner(new SilentRunner())
            .WithReplay(FSharpOption<Replay>.Some(replay));
        FsCheck.Check.One(config, property);
        if (failures.Count == 0) return new HuntResult(seed, runs, shrinkRuns, null, null, errors, others, clock.Elapsed);

        // Greedy shrinking, for as long again as the budget: move to the first candidate that fails with fewer actions.
        var shrinkUntil = clock.Elapsed + budget;
        HuntOutcome? Smaller(HuntOutcome failing)
        {
            foreach (var candidate in HuntSequence.ShrinkCandidates(failing.Actions, failing.LastRelevantAction))
            {
                if (clock.Elapsed >= shrinkUntil) return null; // shrinking time spent: keep the smallest so far
                if (RunCounted(candidate) is { } outcome && outcome.Actions.Count < failing.Actions.Count) return outcome;
            }
            return null;
        }
        var current = failures[0];
        while (Smaller(current) is { } smaller) current = smaller;
        var shrunk = failures.Aggregate((fewest, failure) => failure.Actions.Count <= fewest.Actions.Count ? failure : fewest);
        return new HuntResult(seed, runs, shrinkRuns, failures[0], shrunk, errors, others, clock.Elapsed);
    }

    private static string Key(IEnumerable<HuntAction> actions) => string.Join("|", actions);

    /// <summary>Reports nothing: the property logs each run itself, and the result says what was found.</summary>
    private sealed class SilentRunner : IRunner
    {
        public void OnStartFixture(Type t) { }

        public void OnArguments(int ntest, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every) { }

        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink) { }

        public void OnFinished(string name, TestResult testResult) { }
    }
}
