using Matrix.Complement.Harness.Hunting;
using static Matrix.Complement.Harness.Hunting.HuntActionKind;

namespace Matrix.Complement.Harness.Tests.Hunting;

/// <summary>
/// The hunt property's search and shrinking, over an instant stand-in for the executor (the real executor drives
/// real clients; here only the property's own logic is under test).
/// </summary>
public sealed class HuntPropertyTests
{
    private const string Planted = "unexpected UTD: from alice on bob's later device";
    private const string Other = "unexpected UTD: from bob on alice's first device";

    /// <summary>Fails like the planted bug: Bob adds a device, then Alice sends.</summary>
    private static bool HasPlanted(IReadOnlyList<HuntAction> actions)
    {
        var newDevice = actions.ToList().FindIndex(a => a is { Kind: NewDevice, User: "bob" });
        return newDevice >= 0 && actions.Skip(newDevice + 1).Any(a => a is { Kind: Send, User: "alice" });
    }

    /// <summary>Two actions that fail together, in either order, and neither alone.</summary>
    private static readonly HuntAction[] Needed = [new(NewDevice, "bob"), new(Restart, "alice", 1)];

    private static HuntOutcome Outcome(IReadOnlyList<HuntAction> actions, params string[] signatures) =>
        new(actions, [.. signatures.Select(s => s + " (details)")], null, actions.Count - 1, TimeSpan.Zero, signatures);

    private static HuntResult Check(Func<IReadOnlyList<HuntAction>, HuntOutcome> run, Func<string, bool>? hunted = null,
        ulong seed = 42) =>
        new HuntProperty(run, TimeSpan.FromSeconds(3), seed, _ => { }, hunted, maxSequences: 200).Check();

    [Test]
    public void A_planted_failure_is_found_and_shrunk_to_its_two_actions()
    {
        var result = Check(actions => HasPlanted(actions) ? Outcome(actions, Planted) : Outcome(actions));

        Assert.That(result.Found, Is.True);
        Assert.That(result.Shrunk!.Signatures, Is.EqualTo(new[] { Planted }));
        Assert.That(result.Shrunk.Actions.Select(a => (a.Kind, a.User)), Is.EqualTo(new[] { (NewDevice, "bob"), (Send, "alice") }),
            HuntOutcome.Numbered(result.Shrunk.Actions));
    }

    [Test]
    public void Shrinking_never_slips_to_a_smaller_sequence_that_fails_differently()
    {
        // Any sequence of four actions or fewer "fails" with another signature: without the guard, shrinking would
        // end there, far from the planted bug.
        var result = Check(actions =>
            actions.Count <= 4 ? Outcome(actions, Other) : HasPlanted(actions) ? Outcome(actions, Planted) : Outcome(actions),
            hunted: sig => sig == Planted);

        Assert.That(result.Found, Is.True);
        Assert.That(result.Shrunk!.Signatures, Does.Contain(Planted));
        Assert.That(HasPlanted(result.Shrunk.Actions), Is.True, HuntOutcome.Numbered(result.Shrunk.Actions));
        Assert.That(result.Shrunk.Actions, Has.Count.GreaterThanOrEqualTo(5), "never one of the smaller sequences that fail differently");
        Assert.That(result.Others, Is.Not.Empty, "the other failures met are kept");
        Assert.That(result.Others.SelectMany(o => o.Signatures), Has.All.EqualTo(Other));
    }

    [Test]
    public void A_failure_that_is_not_hunted_is_kept_and_the_hunt_goes_on()
    {
        var runs = 0;
        var result = Check(actions => ++runs == 1 ? Outcome(actions, Other) : HasPlanted(actions) ? Outcome(actions, Planted) : Outcome(actions),
            hunted: sig => sig == Planted);

        Assert.That(result.Found, Is.True);
        Assert.That(result.FirstFailure!.Signatures, Is.EqualTo(new[] { Planted }));
        Assert.That(result.Others.Select(o => o.Signatures.Single()), Is.EqualTo(new[] { Other }));
    }

    [Test]
    public void Shrinking_keeps_to_the_hunted_signature_when_the_first_failure_shows_two()
    {
        // The first failure shows the planted bug and another failure; a smaller candidate showing only the other
        // one must not be taken, however it shrinks.
        var result = Check(actions =>
            actions.Count <= 4 ? Outcome(actions, Other) : HasPlanted(actions) ? Outcome(actions, Planted, Other) : Outcome(actions),
            hunted: sig => sig == Planted);

        Assert.That(result.Found, Is.True);
        Assert.That(result.Shrunk!.Signatures, Does.Contain(Planted));
        Assert.That(HasPlanted(result.Shrunk.Actions), Is.True, HuntOutcome.Numbered(result.Shrunk.Actions));
        Assert.That(result.Others.Select(o => o.Signatures.Single()), Is.EqualTo(new[] { Other }), "one recurring failure is kept once");
    }

    [Test]
    public void No_sequence_is_run_twice_in_one_hunt()
    {
        // With this seed, FsCheck's shrinker ran four sequences two or three times each (48 s a run on real clients).
        var runsPerSequence = new Dictionary<string, int>();
        var result = Check(actions =>
        {
            var key = string.Join("|", actions);
            runsPerSequence[key] = runsPerSequence.GetValueOrDefault(key) + 1;
            return Needed.All(actions.Contains) ? Outcome(actions, Planted) : Outcome(actions);
        }, seed: 10);

        Assert.That(result.ShrinkRuns, Is.GreaterThan(0), "shrinking ran");
        Assert.That(runsPerSequence.Where(r => r.Value > 1).Select(r => $"{r.Value}x {r.Key}"), Is.Empty);
        Assert.That(result.Runs + result.ShrinkRuns, Is.EqualTo(runsPerSequence.Count), "every run is counted once");
    }

    [Test]
    public void A_failure_that_needs_two_actions_is_shrunk_to_them_and_to_the_fewest_actions_of_any_failing_run()
    {
        var failing = new List<IReadOnlyList<HuntAction>>();
        var result = Check(actions =>
        {
            if (!Needed.All(actions.Contains)) return Outcome(actions);
            failing.Add(actions);
            return Outcome(actions, Planted);
        });

        Assert.That(result.Found, Is.True);
        Assert.That(result.Shrunk!.Actions, Is.EquivalentTo(Needed), HuntOutcome.Numbered(result.Shrunk.Actions));
        Assert.That(result.Shrunk.Actions, Has.Count.EqualTo(failing.Min(f => f.Count)));
    }

    [Test]
    public void Shrinking_stops_when_its_time_is_spent()
    {
        // The first run fails; every candidate passes, slowly. Shrinking gets as long as the budget (0.3 s), so it
        // starts at most four runs of 0.1 s, far fewer than the candidates.
        var runs = 0;
        var result = new HuntProperty(actions =>
        {
            if (++runs == 1) return Outcome(actions, Planted);
            Thread.Sleep(TimeSpan.FromSeconds(0.1));
            return Outcome(actions);
        }, TimeSpan.FromSeconds(0.3), seed: 42, _ => { }).Check();

        var candidates = HuntSequence.ShrinkCandidates(result.FirstFailure!.Actions, result.FirstFailure.LastRelevantAction).Count();
        Assert.That(candidates, Is.GreaterThan(4), "enough candidates to outlast the shrinking time");
        Assert.That(result.ShrinkRuns, Is.InRange(1, 4));
        Assert.That(result.Shrunk, Is.SameAs(result.FirstFailure), "no candidate failed: the first failure is the smallest");
    }

    [Test]
    public void A_run_that_broke_before_its_checks_is_an_error_not_a_failure()
    {
        var result = Check(actions => new HuntOutcome(actions, [], new TimeoutException("slow"), 0, TimeSpan.Zero));

        Assert.That(result.Found, Is.False);
        Assert.That(result.Errors, Is.Not.Empty);
        Assert.That(result.Others, Is.Empty);
    }

    /// <summary>
    /// What the self-test's planted fault (faults.js, <c>noRoomKeysForNewDevices</c>) breaks, in model terms: a
    /// message from an Alice device that some later device of another user must decrypt, the later device having
    /// logged in after that Alice device did.
    /// </summary>
    private static bool ExercisesPlantedFault(IReadOnlyList<HuntAction> actions)
    {
        var model = HuntModel.TryReplay(actions)!;
        return model.Predict().Any(p =>
        {
            var sender = model.Device(model.Messages[p.Message].Sender);
            var device = model.Device(p.Device);
            return p.Expect == Expectation.Must && sender.User == "alice" && device.User != "alice" && device.Number > 1 &&
                   sender.CreatedStep < device.CreatedStep;
        });
    }

    [Test]
    public void Generated_sequences_exercise_the_self_tests_planted_fault_early()
    {
        // The self-test must find the planted fault within the default budget, about 20 runs on a loaded CI
        // machine: over many seeds, the first sequence that exercises it must come well before that.
        var firsts = new List<int>();
        for (ulong seed = 1; seed <= 200; seed++)
        {
            var runs = 0;
            int? first = null;
            new HuntProperty(actions =>
            {
                runs++;
                if (ExercisesPlantedFault(actions)) first ??= runs;
                return Outcome(actions);
            }, TimeSpan.FromHours(1), seed, _ => { }, maxSequences: 40).Check();
            firsts.Add(first ?? int.MaxValue);
        }
        Assert.That(firsts.Count(f => f <= 20), Is.GreaterThanOrEqualTo(196), $"first runs exercising it: {string.Join(", ", firsts.Order())}");
        Assert.That(firsts.Count(f => f <= 5), Is.GreaterThanOrEqualTo(100), "in half the hunts, within 5 runs");
    }

    [Test]
    public void Signatures_name_the_sender_and_whether_the_device_was_the_first()
    {
        Assert.That(HuntOutcome.Signature("unexpected UTD", "alice", new ModelDevice("bob", 2, 3)), Is.EqualTo(Planted));
        Assert.That(HuntOutcome.Signature("history leak", "bob", new ModelDevice("charlie", 1, 0)),
            Is.EqualTo("history leak: from bob on charlie's first device"));
    }
}
