using Matrix.Complement.Reports.Reading;

namespace Matrix.Complement.Reports.Tests;

/// <summary>
/// The call E2EE rules section (<see cref="CallRules"/>, pillars.html): every rule A1-A9 shows up with pass, expected
/// failure with the ledger's reason, skipped with the reason, failure, or "not run" — never a pass it did not earn.
/// </summary>
public sealed class CallRulesTests
{
    private const string Ns = "Matrix.Complement.Scenarios.Calls.Trust";
    private const string Ledger = "matrix-js-sdk 43 attributes a call key to the claimed device";

    private static TestRecord Test(string method, TestOutcome outcome, string? message = null, string? divergence = null,
        string ns = Ns, string fixture = "KeyAuthenticityScenarios", string msc = "4143") => new([new TestAttempt
    {
        FullName = $"{ns}.{fixture}(js@hs1).{method}",
        Name = method,
        ClassName = $"{ns}.{fixture}",
        Result = outcome == TestOutcome.Passed ? "Passed" : "Failed",
        Outcome = outcome,
        Message = message,
        Properties = divergence is null
            ? new Dictionary<string, IReadOnlyList<string>> { ["Msc"] = [msc] }
            : new Dictionary<string, IReadOnlyList<string>> { ["Msc"] = [msc], ["Divergence"] = [divergence] },
    }]);

    private static readonly TestRecord[] Tests =
    [
        Test("A1_every_member_holds_every_other_members_current_key", TestOutcome.Passed),
        Test("A2_keys_go_only_to_the_devices_of_joined_members", TestOutcome.Failed, "Alice sent a key to Olivia"),
        Test("A3_after_a_member_leaves_the_others_rotate", TestOutcome.Skipped, "nio (alice) lacks matrixRtc"),
        Test("A7_forged_and_cleartext_keys_are_rejected", TestOutcome.ExpectedFailure, "Known divergence: …", Ledger),
        Test("A7_forged_and_cleartext_keys_are_rejected", TestOutcome.Passed, fixture: "OtherKindScenarios"),
        // Outside the call pillar: a same-named method elsewhere must not count for A8.
        Test("A8_unrelated", TestOutcome.Passed, ns: "Matrix.Complement.Scenarios.Crypto.RoomKeys", fixture: "EncryptedRoomScenarios",
            msc: "4153"),
    ];

    private static IReadOnlyList<CallRules.Standing> Standings() =>
        CallRules.Of(Tests, t => Pillars.Of(t, hasUtds: false));

    [Test]
    public void Every_rule_is_listed_in_order()
    {
        Assert.That(Standings().Select(s => s.Rule.Id), Is.EqualTo(new[] { "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9" }));
    }

    [Test]
    public void A_rule_takes_the_worst_outcome_of_its_tests_and_its_reason()
    {
        var byId = Standings().ToDictionary(s => s.Rule.Id);
        Assert.Multiple(() =>
        {
            Assert.That(byId["A1"].Outcome, Is.EqualTo(TestOutcome.Passed));
            Assert.That(byId["A1"].Why, Is.Null);
            Assert.That(byId["A2"].Outcome, Is.EqualTo(TestOutcome.Failed));
            Assert.That(byId["A2"].Why, Does.Contain("Olivia"));
            Assert.That(byId["A3"].Outcome, Is.EqualTo(TestOutcome.Skipped));
            Assert.That(byId["A3"].Why, Does.Contain("lacks matrixRtc"));
            Assert.That(byId["A7"].Outcome, Is.EqualTo(TestOutcome.ExpectedFailure), "the expected failure is worse than the other kind's pass");
            Assert.That(byId["A7"].Tests, Has.Count.EqualTo(2));
            Assert.That(byId["A7"].Why, Is.EqualTo(Ledger), "an expected failure shows the ledger's reason");
        });
    }

    [Test]
    public void A_rule_without_a_call_test_is_not_run_rather_than_passed()
    {
        var byId = Standings().ToDictionary(s => s.Rule.Id);
        foreach (var id in new[] { "A4", "A5", "A6", "A8", "A9" })
        {
            Assert.That(byId[id].Outcome, Is.Null, id);
            Assert.That(byId[id].Tests, Is.Empty, id);
            Assert.That(byId[id].Why, Does.Contain("no test"), id);
        }
    }

    [Test]
    public void The_pillar_page_shows_each_rule_with_its_outcome_and_reason()
    {
        var run = new RunResults { RunDirectory = Path.GetTempPath(), RunId = "call-rules", Tests = Tests };
        var html = Matrix.Complement.Reports.Html.PillarPage.Render(run);
        var section = html[html.IndexOf("id=\"call-e2ee-rules\"", StringComparison.Ordinal)..];
        Assert.Multiple(() =>
        {
            foreach (var rule in CallRules.All) Assert.That(section, Does.Contain($"<b>{rule.Id}</b>"), rule.Id);
            Assert.That(section, Does.Contain("expected failure").And.Contain(Ledger));
            Assert.That(section, Does.Contain("lacks matrixRtc"));
            Assert.That(section, Does.Contain("not run"));
            Assert.That(section, Does.Contain("tests/" + Uri.EscapeDataString(Tests[0].Id) + ".html"));
        });
    }
}
