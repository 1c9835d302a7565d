using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace Matrix.Complement.Harness.Hunting;

/// <summary>
/// The UTD hunt as an FsCheck property: "for every valid action sequence, the model's predictions hold on real
/// clients". Sequences are generated from random numbers through the model (<see cref="HuntSequence.Build"/>), so
/// every one is valid; a failing one is shrunk by dropping actions (<see cref="HuntSequence.ShrinkCandidates"/>).
/// Runs go on until <paramref name="budget"/> is spent (later tests FsCheck asks for are not run); after a failure,
/// shrinking gets as long again. Only a violation (an unexpected UTD or a forbidden decryption) is a failure: a run
/// that broke before its checks (a wait timed out, a call threw) is logged and listed in <see cref="HuntResult.Errors"/>.
/// A failure counts only through its hunted violation signatures (<see cref="HuntOutcome.Signatures"/>): one without
/// any is logged and listed in <see cref="HuntResult.Others"/>, and the hunt goes on. The first failure fixes the
/// target (its hunted signatures); while shrinking, a candidate counts as failing only when it shows one of them, so
/// a smaller sequence that fails differently is another finding (listed in Others), never a smaller form of this one.
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

    private readonly Dictionary<string, int?> _hints = [];

    /// <summary>Generated sequences: <see cref="MinActions"/> to <see cref="MaxActions"/> actions, valid by construction.</summary>
    public static Gen<IReadOnlyList<HuntAction>> Sequences { get; } =
        from n in Gen.Choose(MinActions, MaxActions)
        from choices in Gen.Choose(0, int.MaxValue).ArrayOf(n)
        select HuntSequence.Build(choices);

    /// <summary>Runs the property; returns what it found.</summary>
    public HuntResult Check()
    {
        var clock = Stopwatch.StartNew();
        var runs = 0;
        var shrinkRuns = 0;
        var errors = new List<HuntOutcome>();
        var others = new List<HuntOutcome>();
        var otherKinds = new HashSet<string>(StringComparer.Ordinal);
        IReadOnlySet<string> target = new HashSet<string>(StringComparer.Ordinal);
        HuntOutcome? first = null;
        HuntOutcome? smallest = null;
        TimeSpan? shrinkUntil = null;
        var arbitrary = Arb.From(Sequences, Candidates);
        var property = Prop.ForAll(arbitrary, actions =>
        {
            if (first is null && clock.Elapsed >= budget) return true;       // budget spent: not run
            if (shrinkUntil is { } end && clock.Elapsed >= end) return true; // shrinking time spent: keep the smallest so far
            if (first is null) runs++;
            else shrinkRuns++;
            log($"{(first is null ? $"run {runs}" : $"shrink {shrinkRuns}")} ({actions.Count} actions, {clock.Elapsed:mm\\:ss} elapsed):\n" +
                HuntOutcome.Numbered(actions));
            var outcome = run(actions);
            log(outcome.Passed ? $"  passed in {outcome.Duration.TotalSeconds:F0}s"
                : outcome.Violations.Count == 0 ? $"  ERROR in {outcome.Duration.TotalSeconds:F0}s (not counted as a failure): {outcome.Describe()}"
                : $"  FAILED in {outcome.Duration.TotalSeconds:F0}s: {outcome.Describe()}");
            if (outcome.Passed) return true;
            if (outcome.Violations.Count == 0)
            {
                // The run broke before its checks (a wait timed out, a call failed): report it, but only an unexpected
                // UTD or a leak counts as a failure, so a slow machine's noise is neither shrunk nor reported as a find.
                errors.Add(outcome);
                return true;
            }
            // Before the first failure, the hunted signatures count; after it, only the ones it showed.
            var counted = outcome.Signatures.Where(sig => first is null ? hunted?.Invoke(sig) ?? true : target.Contains(sig))
                .ToHashSet(StringComparer.Ordinal);
            if (counted.Count == 0)
            {
                var kind = string.Join("; ", outcome.Signatures);
                var isNew = otherKinds.Add(kind); // one recurring failure is kept once
                if (isNew) others.Add(outcome);
                log((first is null ? "  not the failure hunted" : "  fails differently from the failure being shrunk, so not taken as smaller") +
                    (isNew ? ": kept as another finding" : ": seen before") + (first is null ? "; the hunt goes on" : ""));
                return true;
            }
            _hints[Key(actions)] = outcome.LastRelevantAction;
            if (first is null)
            {
                first = outcome;
                target = counted;
                shrinkUntil = clock.Elapsed + budget;
            }
            smallest = outcome; // FsCheck only moves to a candidate that failed: the last failure is the smallest yet
            return false;
        });
        var replay = new Replay(new Rnd(seed), FSharpOption<int>.None);
        var config = Config.Quick.WithMaxTest(maxSequences).WithRunner(new SilentRunner())
            .WithReplay(FSharpOption<Replay>.Some(replay));
        FsCheck.Check.One(config, property);
        return new HuntResult(seed, runs, shrinkRuns, first, smallest, errors, others, clock.Elapsed);
    }

    /// <summary>
    /// Shrink candidates, read when FsCheck first asks for one: FsCheck may call the shrinker when it generates a
    /// value, before the run that records which action the failure involved (the hint for the first candidate).
    /// </summary>
    private IEnumerable<IReadOnlyList<HuntAction>> Candidates(IReadOnlyList<HuntAction> actions)
    {
        foreach (var candidate in HuntSequence.ShrinkCandidates(actions, _hints.GetValueOrDefault(Key(actions))))
            yield return candidate;
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
