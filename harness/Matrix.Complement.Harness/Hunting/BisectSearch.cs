namespace Matrix.Complement.Harness.Hunting;

/// <summary>
/// The search behind <c>./complement bisect</c>: versions in release order. Like <c>git bisect</c>, it first
/// establishes both ends: the oldest version must pass (unless <c>assumeGood</c>: it is then taken as good without
/// a run) and the newest is tested next (if it passes, nothing in the range fails, assuming failures persist once
/// they appear). Then it halves the range between the last good and the first failing version. When the oldest
/// version fails too there is no boundary inside the range: the search stops and says so
/// (<see cref="OldestFails"/>), rather than blaming a version for what may be the scenario or the machine.
/// </summary>
public sealed class BisectSearch
{
    private readonly IReadOnlyList<string> _versions;
    private readonly IReadOnlyDictionary<string, bool> _results;
    private readonly bool _assumeGood;

    /// <summary>
    /// Starts from <paramref name="versions"/> (at least two, oldest first) and known results (true: passed).
    /// With <paramref name="assumeGood"/> the oldest version is taken as good without a run.
    /// </summary>
    public BisectSearch(IReadOnlyList<string> versions, IReadOnlyDictionary<string, bool>? results = null, bool assumeGood = false)
    {
        if (versions.Count < 2) throw new ArgumentException("A bisect needs at least two versions, oldest first.", nameof(versions));
        if (versions.Distinct(StringComparer.Ordinal).Count() != versions.Count)
            throw new ArgumentException("A version is listed twice: " + string.Join(",", versions), nameof(versions));
        _versions = versions;
        _results = results ?? new Dictionary<string, bool>();
        _assumeGood = assumeGood;
        foreach (var v in _results.Keys)
            if (!versions.Contains(v)) throw new ArgumentException($"A result names '{v}', which is not in the versions.", nameof(results));
    }

    /// <summary>True when the oldest version was tested and failed: the range holds no boundary to find.</summary>
    public bool OldestFails => _results.TryGetValue(_versions[0], out var ok) && !ok;

    /// <summary>The version to test next, or null when the search is decided.</summary>
    public string? Next
    {
        get
        {
            if (OldestFails) return null;
            if (!_assumeGood && !_results.ContainsKey(_versions[0])) return _versions[0];
            var (good, bad) = Bounds();
            if (bad is null) return _results.ContainsKey(_versions[^1]) ? null : _versions[^1];
            return bad - good <= 1 ? null : _versions[(good + bad.Value) / 2];
        }
    }

    /// <summary>The first failing version once decided; null while undecided, when none fails, or when the oldest fails.</summary>
    public string? FirstFailing => Next is null && !OldestFails && Bounds().Bad is { } bad ? _versions[bad] : null;

    /// <summary>True once <see cref="Next"/> is null.</summary>
    public bool Decided => Next is null;

    /// <summary>The conclusion in one line (or what to test next while undecided).</summary>
    public string Conclusion =>
        !Decided ? $"undecided: test {Next} next"
        : OldestFails ? $"no first failing version in the range: the oldest, {_versions[0]}, fails too (start the range earlier, or check the scenario with it)"
        : $"first failing version: {FirstFailing ?? "none"}";

    /// <summary>The table of versions with their result: passed, failed, assumed good, or not tested.</summary>
    public IReadOnlyList<(string Version, string Result)> Table() =>
        [.. _versions.Select((v, i) => (v, _results.TryGetValue(v, out var ok) ? (ok ? "passed" : "failed")
            : i == 0 && _assumeGood ? "assumed good (not tested)" : "not tested"))];

    /// <summary>The last good index (0 unless a later one passed) and the first failing index after it, if any.</summary>
    private (int Good, int? Bad) Bounds()
    {
        var good = 0;
        for (var i = 0; i < _versions.Count; i++)
            if (_results.TryGetValue(_versions[i], out var ok) && ok) good = i;
        for (var i = good + 1; i < _versions.Count; i++)
            if (_results.TryGetValue(_versions[i], out var ok) && !ok) return (good, i);
        return (good, null);
    }
}
