namespace Matrix.Complement.Harness.Hunting;

/// <summary>
/// The search behind <c>./complement bisect</c>: versions in release order, the first assumed good; it proposes the
/// next version to test from the results so far and, when they decide it, names the first failing version. It
/// tests the last version first (if it passes, nothing in the range fails, assuming failures persist once they
/// appear), then halves the range between the last good and the first failing version.
/// </summary>
public sealed class BisectSearch
{
    private readonly IReadOnlyList<string> _versions;
    private readonly IReadOnlyDictionary<string, bool> _results;

    /// <summary>Starts from <paramref name="versions"/> (at least two, oldest first) and known results (true: passed).</summary>
    public BisectSearch(IReadOnlyList<string> versions, IReadOnlyDictionary<string, bool>? results = null)
    {
        if (versions.Count < 2) throw new ArgumentException("A bisect needs at least two versions, oldest first.", nameof(versions));
        if (versions.Distinct(StringComparer.Ordinal).Count() != versions.Count)
            throw new ArgumentException("A version is listed twice: " + string.Join(",", versions), nameof(versions));
        _versions = versions;
        _results = results ?? new Dictionary<string, bool>();
        foreach (var v in _results.Keys)
            if (!versions.Contains(v)) throw new ArgumentException($"A result names '{v}', which is not in the versions.", nameof(results));
    }

    /// <summary>The version to test next, or null when the search is decided.</summary>
    public string? Next
    {
        get
        {
            var (good, bad) = Bounds();
            if (bad is null) return _results.ContainsKey(_versions[^1]) ? null : _versions[^1];
            return bad - good <= 1 ? null : _versions[(good + bad.Value) / 2];
        }
    }

    /// <summary>The first failing version once decided; null while undecided or when none fails.</summary>
    public string? FirstFailing => Next is null && Bounds().Bad is { } bad ? _versions[bad] : null;

    /// <summary>True once <see cref="Next"/> is null.</summary>
    public bool Decided => Next is null;

    /// <summary>The table of versions with their result: passed, failed, assumed good, or not tested.</summary>
    public IReadOnlyList<(string Version, string Result)> Table() =>
        [.. _versions.Select((v, i) => (v, _results.TryGetValue(v, out var ok) ? (ok ? "passed" : "failed")
            : i == 0 ? "assumed good (not tested)" : "not tested"))];

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
