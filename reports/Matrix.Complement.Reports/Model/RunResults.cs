using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Reports.Model;

/// <summary>Everything a report shows about one run: its tests, manifest, result files and UTDs.</summary>
public sealed class RunResults
{
    /// <summary>The run folder (<c>artifacts/&lt;run-id&gt;/</c>).</summary>
    public required string RunDirectory { get; init; }

    /// <summary>The run id (the manifest's, else the folder's name).</summary>
    public required string RunId { get; init; }

    /// <summary>Every test, merged over attempts.</summary>
    public required IReadOnlyList<TestRecord> Tests { get; init; }

    /// <summary>The run manifest, when one was written.</summary>
    public RunManifest? Manifest { get; init; }

    /// <summary>The first test start (or the manifest's start).</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>The last test end (or the manifest's end).</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>Result files found: NUnit XML, TRX, JUnit XML.</summary>
    public IReadOnlyList<string> ResultFiles { get; init; } = [];

    /// <summary>Files that could not be read, with the reason.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Unable-to-decrypt events per test id.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<UtdObservation>> Utds { get; init; } =
        new Dictionary<string, IReadOnlyList<UtdObservation>>();

    /// <summary>How many tests have each outcome (every outcome present, zero or not).</summary>
    public IReadOnlyDictionary<TestOutcome, int> Counts =>
        TestOutcomes.All.ToDictionary(o => o, o => Tests.Count(t => t.Outcome == o));

    /// <summary>Wall time from the first start to the last end.</summary>
    public TimeSpan? WallTime => Start is { } s && End is { } e && e >= s ? e - s : null;

    /// <summary>True when no test failed, errored, flaked or passed unexpectedly.</summary>
    public bool IsGreen => Tests.All(t => !t.Outcome.IsUnexpected());

    /// <summary>The folder of a test's artefacts.</summary>
    public string ArtefactDirectory(TestRecord test) => Path.Combine(RunDirectory, "tests", test.Id);
}
