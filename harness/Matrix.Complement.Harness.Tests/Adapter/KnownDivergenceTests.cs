using NUnit.Framework.Interfaces;
using Matrix.Complement.NUnit;

namespace Matrix.Complement.Harness.Tests.Adapter;

public sealed class KnownDivergenceTests
{
    private static readonly KnownDivergence NioOnly = new("Keys_are_withheld", "nio has no withheld codes", "https://example.org/1")
    {
        ClientKind = "nio",
    };

    [Test]
    public void An_entry_for_a_kind_covers_pairs_that_include_it_on_either_side()
    {
        Assert.That(NioOnly.Covers("IsolationScenarios", "Keys_are_withheld", "js@hs1|nio@hs2"), Is.True);
        Assert.That(NioOnly.Covers("IsolationScenarios", "Keys_are_withheld", "nio@hs1|js@hs1"), Is.True);
        Assert.That(NioOnly.Covers("IsolationScenarios", "Keys_are_withheld", "js@hs1|js@hs2"), Is.False);
    }

    [Test]
    public void An_entry_for_alices_kind_covers_only_pairs_where_alice_is_of_it()
    {
        var jsSender = new KnownDivergence("S", "r", "l") { AliceKind = "js" };
        Assert.That(jsSender.Covers("C", "S", "js@hs1|raw@hs2"), Is.True);
        Assert.That(jsSender.Covers("C", "S", "js/sss@hs1|js@hs1"), Is.True);
        Assert.That(jsSender.Covers("C", "S", "raw@hs1|js@hs1"), Is.False, "Bob's kind does not count");
        Assert.That(jsSender.Covers("C", "S", ""), Is.False);
    }

    [Test]
    public void An_entry_names_its_scenario_by_method_or_by_class_and_method()
    {
        var byClass = new KnownDivergence("IsolationScenarios.Keys_are_withheld", "r", "l");
        Assert.That(byClass.Covers("IsolationScenarios", "Keys_are_withheld", ""), Is.True);
        Assert.That(byClass.Covers("OtherScenarios", "Keys_are_withheld", ""), Is.False);
        Assert.That(NioOnly.Covers("AnyClass", "Another_scenario", "nio@hs1|nio@hs1"), Is.False);
    }

    [Test]
    public void An_entry_for_a_server_covers_only_pairs_placed_on_it()
    {
        var hs2 = new KnownDivergence("S", "r", "l") { Server = "hs2" };
        Assert.That(hs2.Covers("C", "S", "js@hs1|js@hs2"), Is.True);
        Assert.That(hs2.Covers("C", "S", "js@hs1|js@hs1"), Is.False);
    }

    [Test]
    public void Every_ledger_entry_has_a_reason_and_a_link()
    {
        foreach (var entry in KnownDivergences.All)
        {
            Assert.That(entry.Reason, Is.Not.Empty, entry.Scenario);
            Assert.That(entry.Link, Does.StartWith("https://").Or.StartWith("spec:"), entry.Scenario);
        }
    }
}

public sealed class LedgerVerdictTests
{
    private static readonly KnownDivergence Entry = new("S", "js-sdk does not re-share keys", "https://example.org/2");

    [Test]
    public void A_listed_failure_becomes_an_expected_failure_that_keeps_what_was_observed()
    {
        var verdict = ScenarioAttribute.Reclassify(Entry, TestStatus.Failed, "bob saw a UTD", "js@hs1|js@hs1");
        Assert.That(verdict, Is.Not.Null);
        Assert.That(verdict!.Value.State, Is.EqualTo(ScenarioAttribute.ExpectedFailure));
        Assert.That(verdict.Value.Message, Does.Contain("bob saw a UTD").And.Contain(Entry.Reason).And.Contain(Entry.Link));
        Assert.That(verdict.Value.Property, Is.EqualTo("Divergence"));
    }

    [Test]
    public void A_listed_pass_is_an_unexpected_pass_and_fails()
    {
        var verdict = ScenarioAttribute.Reclassify(Entry, TestStatus.Passed, null, "js@hs1|js@hs2");
        Assert.That(verdict!.Value.State.Status, Is.EqualTo(TestStatus.Failed));
        Assert.That(verdict.Value.Message, Does.Contain("Unexpected pass").And.Contain("js@hs1|js@hs2"));
        Assert.That(verdict.Value.Property, Is.EqualTo("UnexpectedPass"));
    }

    [TestCase("Error")]
    [TestCase("Cancelled")]
    public void A_listed_scenario_that_broke_rather_than_failed_stays_broken(string label)
    {
        Assert.That(ScenarioAttribute.Reclassify(Entry, TestStatus.Failed, "driver crashed", "", label), Is.Null);
    }

    [Test]
    public void Unlisted_or_skipped_outcomes_stay_as_they_are()
    {
        Assert.That(ScenarioAttribute.Reclassify(null, TestStatus.Failed, "x", ""), Is.Null);
        Assert.That(ScenarioAttribute.Reclassify(Entry, TestStatus.Skipped, "x", ""), Is.Null);
    }
}

public sealed class LedgerFilterTests
{
    [Test]
    public void A_kind_matches_a_side_that_carries_a_sync_mode()
    {
        var js = new KnownDivergence("S", "r", "https://example.org/3") { ClientKind = "js" };
        Assert.That(js.Covers("C", "S", "js@hs1|js/sss@hs2"), Is.True);
        Assert.That(js.Covers("C", "S", "nio@hs1|raw/sss@hs2"), Is.False);
    }

    [Test]
    public void An_exact_pair_entry_covers_that_pair_only()
    {
        var same = new KnownDivergence("S", "r", "https://example.org/4") { Clients = "js@hs1|js/sss@hs1" };
        Assert.That(same.Covers("C", "S", "js@hs1|js/sss@hs1"), Is.True);
        Assert.That(same.Covers("C", "S", "js@hs1|js/sss@hs2"), Is.False);
    }

    [Test]
    public void An_intermittent_entry_lets_a_pass_stay_a_pass_and_still_excuses_a_failure()
    {
        var flaky = new KnownDivergence("S", "race", "https://example.org/5") { Intermittent = true };
        Assert.That(ScenarioAttribute.Reclassify(flaky, TestStatus.Passed, null, ""), Is.Null);
        Assert.That(ScenarioAttribute.Reclassify(flaky, TestStatus.Failed, "x", "")!.Value.State, Is.EqualTo(ScenarioAttribute.ExpectedFailure));
    }
}
