using Matrix.Complement.Reports.Reading;

namespace Matrix.Complement.Reports.Tests;

public sealed class RunLoaderTests
{
    private SyntheticRun _run = null!;
    private RunResults _results = null!;

    [OneTimeSetUp]
    public void Load()
    {
        _run = new SyntheticRun();
        _results = RunLoader.Load(_run.Directory);
    }

    [OneTimeTearDown]
    public void CleanUp() => _run.Dispose();

    private TestRecord Test(string pair, string method) =>
        _results.Tests.Single(t => t.FullName == SyntheticRun.FullName(pair, method));

    [Test]
    public void Every_outcome_kind_is_recognised()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Test(SyntheticRun.JsJs, "Messages_decrypt").Outcome, Is.EqualTo(TestOutcome.Passed));
            Assert.That(Test(SyntheticRun.JsNio, "Messages_decrypt").Outcome, Is.EqualTo(TestOutcome.Failed),
                "an ExpectationFailedException is a failure of the product, though NUnit labels it Error");
            Assert.That(Test(SyntheticRun.JsNio, "Assert_style_failure").Outcome, Is.EqualTo(TestOutcome.Failed));
            Assert.That(Test(SyntheticRun.JsNio, "History_is_shared").Outcome, Is.EqualTo(TestOutcome.Error));
            Assert.That(Test(SyntheticRun.JsJs, "Skipped_one").Outcome, Is.EqualTo(TestOutcome.Skipped));
            Assert.That(Test(SyntheticRun.JsJs, "Isolation_excludes_unsigned").Outcome, Is.EqualTo(TestOutcome.ExpectedFailure));
            Assert.That(Test(SyntheticRun.JsNio, "Isolation_excludes_unsigned").Outcome, Is.EqualTo(TestOutcome.UnexpectedPass));
            Assert.That(Test(SyntheticRun.JsJs, "Flaky_send").Outcome, Is.EqualTo(TestOutcome.Flaky));
            Assert.That(_results.Counts.Values.Sum(), Is.EqualTo(_results.Tests.Count));
            Assert.That(TestOutcomes.All.All(o => _results.Counts[o] > 0), Is.True, "every outcome kind is present");
        }
    }

    [Test]
    public void A_test_run_twice_with_different_outcomes_is_flaky_never_passed()
    {
        var flaky = Test(SyntheticRun.JsJs, "Flaky_send");
        Assert.That(flaky.Attempts.Select(a => a.Outcome), Is.EqualTo(new[] { TestOutcome.Passed, TestOutcome.Failed }));
        Assert.That(flaky.Representative.Outcome, Is.EqualTo(TestOutcome.Failed), "the failing attempt explains the flake");
        Assert.That(_results.IsGreen, Is.False);
    }

    [Test]
    public void Properties_and_categories_are_inherited_from_fixtures_and_internal_ones_dropped()
    {
        var test = Test(SyntheticRun.JsJs, "Messages_decrypt");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(test.Property("Msc"), Is.EqualTo(new[] { "4153" }));
            Assert.That(test.Property("Spec"), Is.EqualTo(new[] { "client-server-api/#end-to-end-encryption" }));
            Assert.That(test.Categories, Is.EqualTo(new[] { "Crypto" }));
            Assert.That(test.Last.Properties.Keys, Has.None.StartsWith("_"));
        }
    }

    [Test]
    public void Fixture_and_client_pair_come_from_the_full_name()
    {
        var test = Test(SyntheticRun.JsNio, "Messages_decrypt");
        Assert.That((test.Namespace, test.Fixture, test.ClientPair, test.Scenario),
            Is.EqualTo((SyntheticRun.Ns, "EncryptedRoomScenarios", SyntheticRun.JsNio, "EncryptedRoomScenarios.Messages_decrypt")));
    }

    [TestCase("Ns.A(js@hs1|nio@hs2).M(V2)", "Ns.A", "M(V2)", "A", "js@hs1|nio@hs2")]
    [TestCase("Ns.Sub.B.M", "Ns.Sub.B", "M", "B", null)]
    [TestCase("Ns.C(\"js:js\").Method(1,\"a.b\")", null, "Method(1,\"a.b\")", "C", "js:js")]
    public void Test_names_are_split(string fullName, string? className, string method, string fixture, string? pair)
    {
        var parts = TestNameParts.Parse(fullName, className, method);
        Assert.That((parts.Fixture, parts.ClientPair), Is.EqualTo((fixture, pair)));
    }

    [Test]
    public void Trx_is_read_for_assemblies_without_NUnit_xml()
    {
        var harness = _results.Tests.Where(t => t.Namespace == "Matrix.Complement.Harness.Tests").ToArray();
        Assert.That(harness.Select(t => (t.Last.Name, t.Outcome)),
            Is.EquivalentTo(new[] { ("Parses_pairs", TestOutcome.Passed), ("Rejects_bad_grammar", TestOutcome.Failed) }));
        Assert.That(_results.ResultFiles.Select(Path.GetFileName), Has.Some.EndsWith(".junit.xml"), "JUnit files are linked");
    }

    [Test]
    public void Utds_are_read_tolerantly_from_the_timeline_once_per_event()
    {
        var failed = Test(SyntheticRun.JsNio, "Messages_decrypt");
        var utds = _results.Utds[failed.Id];
        Assert.That(utds.Select(u => (u.EventId, u.Code, u.ClientKind, u.Expected)), Is.EquivalentTo(new[]
        {
            ("$ev1", "MEGOLM_UNKNOWN_INBOUND_SESSION_ID", "nio", false),
            ("$ev2", "MEGOLM_UNKNOWN_INBOUND_SESSION_ID", "nio", false), // enum numbers
            ("$ev3", "MEGOLM_KEY_WITHHELD", "nio", false),               // TimelineEvent.ToString() in an error
        }));
        var expected = _results.Utds[Test(SyntheticRun.JsJs, "Isolation_excludes_unsigned").Id];
        Assert.That(expected.Single(), Is.EqualTo(new UtdObservation(
            Test(SyntheticRun.JsJs, "Isolation_excludes_unsigned").Id, "bob", "js", "$iso", "UNSIGNED_SENDER_DEVICE", true)));
    }

    [Test]
    public void The_timeline_merges_calls_pushes_flows_and_logs_by_time()
    {
        var dir = _run.TestDirectory(SyntheticRun.FullName(SyntheticRun.JsNio, "Messages_decrypt"));
        var entries = ArtefactReader.ReadTimeline(dir, null, out var truncated);
        Assert.That(truncated, Is.Empty);
        Assert.That(entries.Select(e => e.Time), Is.Ordered);
        Assert.That(entries.Select(e => e.Source).Distinct(), Is.EquivalentTo(new[] { "call", "push", "flow", "hs1" }));
        var log = entries.Where(e => e.Source == "hs1").ToArray();
        Assert.That(log[1].Level, Is.EqualTo(EntryLevel.Error));
        Assert.That(log[2].Time, Is.EqualTo(log[1].Time), "a continuation line inherits the time before it");
        Assert.That(entries.Single(e => e.What.Contains("/send/1")).Level, Is.EqualTo(EntryLevel.Error));
    }

    [Test]
    public void Manifest_and_wall_time_are_read()
    {
        Assert.That(_results.Manifest?.Homeservers[0].SynapseVersion, Is.EqualTo("1.140.0"));
        Assert.That(_results.WallTime, Is.EqualTo(TimeSpan.FromMinutes(7)));
    }
}
