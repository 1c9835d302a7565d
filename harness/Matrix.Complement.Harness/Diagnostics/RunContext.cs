using Matrix.Complement.Harness.Configuration;

namespace Matrix.Complement.Harness.Diagnostics;

/// <summary>
/// The run this process belongs to: its id (from <c>MATRIX_COMPLEMENT_RUN_ID</c>, which <c>./complement</c> sets
/// so that every test process of one command shares a run) and its folder under the artefacts root.
/// </summary>
public sealed class RunContext
{
    private static readonly Lazy<RunContext> Instance = new(Create);

    private RunContext(string runId, string directory)
    {
        RunId = runId;
        Directory = directory;
    }

    /// <summary>The run of this process.</summary>
    public static RunContext Current => Instance.Value;

    /// <summary>Short id, safe in container names and paths.</summary>
    public string RunId { get; }

    /// <summary><c>artifacts/&lt;run-id&gt;/</c>.</summary>
    public string Directory { get; }

    private static RunContext Create()
    {
        var id = HarnessSettings.RunId.Value;
        if (id is null || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
            id = $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..4]}";
        var root = HarnessSettings.ArtefactsDir.Value ?? Path.Combine(HarnessSettings.RepositoryRoot, "artifacts");
        var directory = Path.Combine(root, id);
        System.IO.Directory.CreateDirectory(directory);
        return new RunContext(id, directory);
    }
}
