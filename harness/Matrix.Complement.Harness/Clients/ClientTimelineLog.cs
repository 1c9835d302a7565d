using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Harness.Clients;

/// <summary>
/// The per-test JSONL timeline of client calls (<c>timeline.jsonl</c> in the test's artefact folder): one line per
/// call with timestamp, test, actor, kind, homeserver, call, arguments, outcome and duration. Lines are redacted.
/// </summary>
public sealed class ClientTimelineLog
{
    private static readonly Lock FileGate = new();
    private readonly string? _path;
    private readonly TextWriter? _writer;

    private ClientTimelineLog(string? path, TextWriter? writer) => (_path, _writer) = (path, writer);

    /// <summary>A log appending to <c>timeline.jsonl</c> in <paramref name="artefacts"/>'s folder.</summary>
    public static ClientTimelineLog For(TestArtefacts artefacts)
    {
        var path = Path.Combine(artefacts.Directory, "timeline.jsonl");
        artefacts.Add(path);
        return new ClientTimelineLog(path, null);
    }

    /// <summary>A log writing to <paramref name="writer"/> (tests of the harness).</summary>
    public static ClientTimelineLog To(TextWriter writer) => new(null, writer);

    /// <summary>Appends one line, redacted.</summary>
    public void Write(JsonObject line)
    {
        var text = Redaction.Redact(line.ToJsonString()) + "\n";
        lock (FileGate)
        {
            if (_writer is not null)
            {
                _writer.Write(text);
                return;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            File.AppendAllText(_path!, text);
        }
    }
}
