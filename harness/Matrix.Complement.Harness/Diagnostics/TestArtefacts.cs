namespace Matrix.Complement.Harness.Diagnostics;

/// <summary>
/// One test's artefact folder, <c>artifacts/&lt;run-id&gt;/tests/&lt;test&gt;/</c>. Everything written here is
/// passed through <see cref="Redaction"/> first.
/// </summary>
public sealed class TestArtefacts
{
    private readonly List<string> _files = [];

    private TestArtefacts(string directory) => Directory = directory;

    /// <summary>The folder (created on first write).</summary>
    public string Directory { get; }

    /// <summary>Files written so far.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>The artefact folder of the test named <paramref name="testFullName"/>.</summary>
    public static TestArtefacts For(string testFullName) =>
        new(Path.Combine(RunContext.Current.Directory, "tests", SafeName(testFullName)));

    /// <summary>Writes a text artefact, redacted, and returns its path.</summary>
    public string Write(string name, string content)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, Redaction.Redact(content));
        if (!_files.Contains(path)) _files.Add(path);
        return path;
    }

    /// <summary>Adds an already written file (e.g. a trace) to the list of attachments.</summary>
    public void Add(string path)
    {
        if (!_files.Contains(path)) _files.Add(path);
    }

    /// <summary>Deletes the folder of a passed test under the on-failure policy.</summary>
    public void Discard()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>A file-system-safe, bounded form of a test name.</summary>
    public static string SafeName(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray();
        var safe = new string(chars);
        return safe.Length <= 150 ? safe : safe[..110] + "_" + Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..16];
    }
}
