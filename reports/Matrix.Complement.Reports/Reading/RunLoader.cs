using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Reports.Reading;

/// <summary>
/// Loads a run folder: NUnit result XML anywhere under <c>results/</c> (preferred: it carries properties), TRX for
/// assemblies without NUnit XML, the manifest and each test's UTDs. A test seen more than once (a re-run, a second
/// result file) is one <see cref="TestRecord"/> with several attempts: flaky when their outcomes differ.
/// </summary>
public static class RunLoader
{
    /// <summary>Loads <paramref name="runDirectory"/>; results are read from <paramref name="resultsDirectory"/> (default <c>results/</c>).</summary>
    public static RunResults Load(string runDirectory, string? resultsDirectory = null)
    {
        resultsDirectory ??= Path.Combine(runDirectory, "results");
        var nunit = new List<TestAttempt>();
        var trx = new List<TestAttempt>();
        var files = new List<string>();
        var problems = new List<string>();
        DateTimeOffset? start = null, end = null;
        if (Directory.Exists(resultsDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(resultsDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var ext = Path.GetExtension(file).ToLowerInvariant();
                if (ext is not (".xml" or ".trx")) continue;
                XDocument document;
                try
                {
                    document = XDocument.Load(file);
                }
                catch (Exception e) when (e is System.Xml.XmlException or IOException)
                {
                    problems.Add($"{Path.GetFileName(file)}: {e.Message}");
                    continue;
                }
                if (document.Root is not { } root) continue;
                if (NUnitXmlReader.IsNUnit(root))
                {
                    nunit.AddRange(NUnitXmlReader.Read(document, file));
                    var (s, e) = NUnitXmlReader.RunTimes(document);
                    start = Min(start, s);
                    end = Max(end, e);
                    files.Add(file);
                }
                else if (TrxReader.IsTrx(root))
                {
                    trx.AddRange(TrxReader.Read(document, file));
                    files.Add(file);
                }
                else if (root.Name.LocalName is "testsuites" or "testsuite")
                {
                    files.Add(file);
                }
            }
        }
        var covered = nunit.Select(a => a.Assembly).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var attempts = nunit.Concat(trx.Where(a => !covered.Contains(a.Assembly))).ToList();
        foreach (var a in attempts)
        {
            start = Min(start, a.Start);
            end = Max(end, a.End);
        }
        var tests = attempts.GroupBy(a => a.FullName, StringComparer.Ordinal)
            .Select(g => new TestRecord([.. g]))
            .OrderBy(t => t.Namespace, StringComparer.Ordinal).ThenBy(t => t.Scenario, StringComparer.Ordinal)
            .ThenBy(t => t.ClientPair, StringComparer.Ordinal)
            .ToArray();
        var manifest = RunManifest.Read(runDirectory);
        var utds = new Dictionary<string, IReadOnlyList<UtdObservation>>();
        foreach (var test in tests)
        {
            var found = UtdReader.Read(Path.Combine(runDirectory, "tests", test.Id), test.Id, test.Outcome);
            if (found.Count > 0) utds[test.Id] = found;
        }
        return new RunResults
        {
            RunDirectory = runDirectory,
            RunId = manifest?.RunId ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDirectory))),
            Tests = tests,
            Manifest = manifest,
            Start = manifest?.StartedUtc is { } ms && ms != default ? Min(ms, start) : start,
            End = manifest?.EndedUtc is { } me ? Max(me, end) : end,
            ResultFiles = files,
            Problems = problems,
            Utds = utds,
        };
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
