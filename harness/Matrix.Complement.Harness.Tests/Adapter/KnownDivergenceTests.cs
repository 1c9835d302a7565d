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
