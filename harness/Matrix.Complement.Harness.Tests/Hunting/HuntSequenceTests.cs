using FsCheck;
using FsCheck.Fluent;
using Matrix.Complement.Harness.Hunting;
using static Matrix.Complement.Harness.Hunting.HuntActionKind;

namespace Matrix.Complement.Harness.Tests.Hunting;

/// <summary>Building sequences from random numbers, and shrinking them, always gives valid sequences.</summary>
public sealed class HuntSequenceTests
{
    private static readonly Arbitrary<int[]> Choices = Arb.From(Gen.Choose(0, int.MaxValue).ArrayOf());

    [Test]
    public void Built_sequences_are_valid_and_one_action_per_number() =>
        Prop.ForAll(Choices, choices =>
        {
            var actions = HuntSequence.Build(choices);
            return HuntSequence.IsValid(actions) && actions.Count == choices.Length;
        }).QuickCheckThrowOnFailure();

    [Test]
    public void The_same_numbers_build_the_same_sequence() =>
        Prop.ForAll(Choices, choices => HuntSequence.Build(choices).SequenceEqual(HuntSequence.Build(choices)))
            .QuickCheckThrowOnFailure();

    [Test]
    public void Shrink_candidates_are_valid_shorter_and_distinct() =>
        Prop.ForAll(Choices, choices =>
        {
            var actions = HuntSequence.Build(choices);
            var candidates = HuntSequence.ShrinkCandidates(actions, actions.Count / 2).ToList();
            return candidates.All(HuntSequence.IsValid) && candidates.All(c => c.Count < actions.Count) &&
                   candidates.Select(c => string.Join("|", c)).Distinct().Count() == candidates.Count;
        }).QuickCheckThrowOnFailure();

    [Test]
    public void Every_kind_of_action_is_generated()
    {
        var random = new Random(7);
        var kinds = Enumerable.Range(0, 300).SelectMany(_ => HuntSequence.Build(Enumerable.Range(0, 12).Select(_ => random.Next())))
            .Select(a => a.Kind).ToHashSet();
        Assert.That(kinds, Is.EquivalentTo(Enum.GetValues<HuntActionKind>()));
    }

    [Test]
    public void The_first_candidate_is_the_prefix_up_to_the_last_relevant_action()
    {
        HuntAction[] actions = [new(Send, "alice", 1), new(NewDevice, "bob"), new(Send, "alice", 1), new(Restart, "bob", 1), new(Send, "bob", 1)];
        var first = HuntSequence.ShrinkCandidates(actions, lastRelevant: 2).First();
        Assert.That(first, Is.EqualTo(actions[..3]));
    }

    [Test]
    public void Dropping_an_action_drops_the_later_actions_it_enabled()
    {
        HuntAction[] actions = [new(Invite, "charlie"), new(Join, "charlie"), new(Send, "charlie", 1), new(Send, "alice", 1)];
        var candidates = HuntSequence.ShrinkCandidates(actions).ToList();
        Assert.That(candidates, Has.Some.EqualTo(new[] { new HuntAction(Send, "alice", 1) }),
            "without the invite, charlie's join and send are dropped too");
        Assert.That(candidates.All(HuntSequence.IsValid), Is.True);
    }

    [Test]
    public void Shrinking_by_candidates_reaches_the_two_actions_a_failure_needs()
    {
        // A stand-in failure: bob's second device and a later message from alice.
        static bool Fails(IReadOnlyList<HuntAction> s) =>
            s.Select((a, i) => (a, i)).Any(x => x.a.Kind == NewDevice && x.a.User == "bob" &&
                s.Skip(x.i + 1).Any(b => b.Kind == Send && b.User == "alice"));
        var random = new Random(3);
        var failing = Enumerable.Range(0, 200).Select(_ => HuntSequence.Build(Enumerable.Range(0, 10).Select(_ => random.Next())))
            .First(Fails);
        IReadOnlyList<HuntAction> current = failing;
        for (var next = Shrink(current); next is not null; next = Shrink(current)) current = next;
        Assert.That(current.Select(a => a.Kind), Is.EqualTo(new[] { NewDevice, Send }), HuntOutcome.Numbered(current));

        IReadOnlyList<HuntAction>? Shrink(IReadOnlyList<HuntAction> s) => HuntSequence.ShrinkCandidates(s).FirstOrDefault(Fails);
    }
}
