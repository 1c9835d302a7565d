using Matrix.Complement.Harness.Hunting;

namespace Matrix.Complement.Harness.Tests.Hunting;

/// <summary>The bisect search: both ends first (the oldest unless assumed good, then the newest), then halving.</summary>
public sealed class BisectSearchTests
{
    private static readonly string[] Versions = ["42.2.0", "42.3.0", "42.4.0", "43.0.0"];

    /// <summary>Runs the search against a fixed truth (the versions from <paramref name="firstBad"/> on fail).</summary>
    private static (string? FirstFailing, List<string> Tested) Search(string[] versions, int? firstBad, bool assumeGood = true)
    {
        var results = new Dictionary<string, bool>();
        var tested = new List<string>();
        for (var search = new BisectSearch(versions, null, assumeGood); search.Next is { } next;
             search = new BisectSearch(versions, results, assumeGood))
        {
            tested.Add(next);
            results[next] = firstBad is null || Array.IndexOf(versions, next) < firstBad;
            Assert.That(tested, Has.Count.LessThanOrEqualTo(versions.Length), "the search does not terminate");
        }
        return (new BisectSearch(versions, results, assumeGood).FirstFailing, tested);
    }

    [Test]
    public void Both_ends_are_tested_first_unless_the_oldest_is_assumed_good()
    {
        var (first, tested) = Search(Versions, 2, assumeGood: false);
        Assert.That(first, Is.EqualTo("42.4.0"));
        Assert.That(tested.Take(2), Is.EqualTo(new[] { "42.2.0", "43.0.0" }));
        Assert.That(Search(Versions, null, assumeGood: false).Tested, Is.EqualTo(new[] { "42.2.0", "43.0.0" }));
    }

    [Test]
    public void When_the_oldest_version_fails_no_version_is_blamed()
    {
        var (first, tested) = Search(Versions, 0, assumeGood: false);
        Assert.That(first, Is.Null);
        Assert.That(tested, Is.EqualTo(new[] { "42.2.0" }), "a failing oldest version decides the search");
        var search = new BisectSearch(Versions, new Dictionary<string, bool> { ["42.2.0"] = false });
        Assert.That(search.OldestFails, Is.True);
        Assert.That(search.Conclusion, Does.Contain("the oldest, 42.2.0, fails too"));
    }

    [Test]
    public void When_the_last_version_passes_nothing_fails_after_one_run()
    {
        var (first, tested) = Search(Versions, null);
        Assert.That(first, Is.Null);
        Assert.That(tested, Is.EqualTo(new[] { "43.0.0" }));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void The_first_failing_version_is_found(int firstBad)
    {
        var (first, tested) = Search(Versions, firstBad);
        Assert.That(first, Is.EqualTo(Versions[firstBad]));
        Assert.That(tested, Has.Count.LessThanOrEqualTo(3));
    }

    [Test]
    public void Every_boundary_in_a_long_range_is_found_in_logarithmic_runs()
    {
        var versions = Enumerable.Range(0, 33).Select(i => $"1.{i}.0").ToArray();
        for (var bad = 1; bad < versions.Length; bad++)
        {
            var (first, tested) = Search(versions, bad);
            Assert.That(first, Is.EqualTo(versions[bad]));
            Assert.That(tested, Has.Count.LessThanOrEqualTo(7));
        }
    }

    [Test]
    public void The_table_says_what_was_tested_and_what_was_assumed()
    {
        var search = new BisectSearch(Versions, new Dictionary<string, bool> { ["43.0.0"] = false, ["42.3.0"] = true }, assumeGood: true);
        Assert.That(search.Table(), Is.EqualTo(new[]
        {
            ("42.2.0", "assumed good (not tested)"), ("42.3.0", "passed"), ("42.4.0", "not tested"), ("43.0.0", "failed"),
        }));
        Assert.That(search.Next, Is.EqualTo("42.4.0"));
        Assert.That(search.FirstFailing, Is.Null, "undecided");
        Assert.That(search.Conclusion, Is.EqualTo("undecided: test 42.4.0 next"));
    }

    [Test]
    public void Bad_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => _ = new BisectSearch(["1.0.0"]));
        Assert.Throws<ArgumentException>(() => _ = new BisectSearch(["1.0.0", "1.0.0"]));
        Assert.Throws<ArgumentException>(() => _ = new BisectSearch(Versions, new Dictionary<string, bool> { ["9.9.9"] = true }));
    }
}
