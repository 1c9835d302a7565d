using System.Text.RegularExpressions;

namespace Matrix.Complement.Reports.Reading;

/// <summary>
/// Reads a test's artefact folder tolerantly: the client-call timeline (<c>timeline.jsonl</c>, with pushed events
/// when drivers log them), proxy flows (<c>*flows*.jsonl</c>), homeserver logs (<c>hs1.log</c>, …) and client
/// console logs (<c>*.console.log</c>). Unknown or malformed lines are kept as text rather than dropped.
/// </summary>
public static partial class ArtefactReader
{
    /// <summary>At most this many entries per source are merged (the raw files stay linked).</summary>
    public const int MaxEntriesPerSource = 3000;

    /// <summary>The merged timeline of a test folder, ordered by time; <paramref name="truncated"/> names sources cut short.</summary>
    public static IReadOnlyList<TimelineEntry> ReadTimeline(string directory, DateTimeOffset? day, out IReadOnlyList<string> truncated)
    {
        var entries = new List<TimelineEntry>();
        var cut = new List<string>();
        if (!Directory.Exists(directory))
        {
            truncated = cut;
            return entries;
        }
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            List<TimelineEntry> read;
            if (name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) && name.Contains("flow", StringComparison.OrdinalIgnoreCase))
                read = ReadJsonLines(file, Flow);
            else if (name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) && name.Contains("timeline", StringComparison.OrdinalIgnoreCase))
                read = ReadJsonLines(file, Call);
            else if (name.EndsWith(".log", StringComparison.OrdinalIgnoreCase) && !IsConsoleLog(name))
                read = ReadLog(file, Path.GetFileNameWithoutExtension(name), day);
            else continue;
            if (read.Count > MaxEntriesPerSource)
            {
                cut.Add($"{name} ({read.Count} entries, first {MaxEntriesPerSource} shown)");
                read = read.GetRange(0, MaxEntriesPerSource);
            }
            entries.AddRange(read);
        }
        truncated = cut;
        return [.. entries.OrderBy(e => e.Time)];
    }

    /// <summary>Whether a file is a client console log.</summary>
    public static bool IsConsoleLog(string fileName) =>
        fileName.EndsWith(".console.log", StringComparison.OrdinalIgnoreCase) ||
        fileName.EndsWith(".console.txt", StringComparison.OrdinalIgnoreCase);

    /// <summary>Each JSON line of <paramref name="file"/> parsed as an object; malformed lines come back as null nodes.</summary>
    public static IEnumerable<(JsonObject? Node, string Line)> JsonLines(string file)
    {
        foreach (var line in File.ReadLines(file))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonObject? node = null;
            try
            {
                node = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                // kept as text below
            }
            yield return (node, line);
        }
    }

    private static List<TimelineEntry> ReadJsonLines(string file, Func<JsonObject, DateTimeOffset, TimelineEntry> map)
    {
        var entries = new List<TimelineEntry>();
        var last = DateTimeOffset.MinValue;
        foreach (var (node, line) in JsonLines(file))
        {
            if (node is null)
            {
                entries.Add(new TimelineEntry(last, "call", "", "unreadable line", line, EntryLevel.Warn));
                continue;
            }
            var time = Time(node) ?? last;
            last = time;
            entries.Add(map(node, time));
        }
        return entries;
    }

    private static TimelineEntry Call(JsonObject node, DateTimeOffset time)
    {
        var actor = Str(node, "actor") ?? Str(node, "user") ?? "";
        var kind = Str(node, "kind");
        var server = Str(node, "homeserver");
        var who = actor + (kind is null ? "" : $" ({kind}{(server is null ? "" : "@" + server)})");
        if (Str(node, "call") is not { } call)
        {
            // a pushed event (or any other line a driver logs): show its type and the whole line
            var type = Str(node, "event") ?? Str(node, "type") ?? Str(node, "push") ?? "event";
            return new TimelineEntry(time, "push", who, type, Compact(node), EntryLevel.Info);
        }
        var args = node["args"] is { } a ? Compact(a) : "";
        var elapsed = node["elapsedMs"] is JsonValue v && v.TryGetValue<double>(out var ms) ? $" · {ms:0.#} ms" : "";
        var error = Str(node, "error");
        var what = $"{call}({Shorten(args, 160)}){elapsed}" + (error is null ? "" : " ✗");
        var detail = new StringBuilder();
        if (args.Length > 160) detail.Append("args: ").AppendLine(args);
        if (error is not null) detail.Append("error: ").AppendLine(error);
        if (node["result"] is { } r) detail.Append("result: ").AppendLine(Compact(r));
        return new TimelineEntry(time, "call", who, what, detail.Length == 0 ? null : detail.ToString().TrimEnd(),
            error is null ? EntryLevel.Info : EntryLevel.Error);
    }

    private static TimelineEntry Flow(JsonObject node, DateTimeOffset time)
    {
        var status = node["status"] is JsonValue s && s.TryGetValue<int>(out var code) ? code : -1;
        var duration = Number(node, "duration_ms") ?? Number(node, "durationMs") ?? Number(node, "duration");
        var error = Str(node, "error");
        var what = $"{Str(node, "method")} {Str(node, "path")} → {(status == 0 ? "dropped" : status.ToString(CultureInfo.InvariantCulture))}" +
            (duration is { } d ? $" · {d:0.#} ms" : "") +
            (Number(node, "request_bytes") is { } rq ? $" · ↑{rq:0} B" : "") +
            (Number(node, "response_bytes") is { } rs ? $" ↓{rs:0} B" : "");
        var rules = node["rules"] is JsonArray { Count: > 0 } rulesNode ? Compact(rulesNode) : Str(node, "rule");
        var detail = new StringBuilder();
        if (rules is not null) detail.Append("rules: ").AppendLine(rules);
        if (error is not null) detail.Append("error: ").AppendLine(error);
        foreach (var body in new[] { "request_body", "response_body" })
            if (Str(node, body) is { } text) detail.Append(body.Replace('_', ' ')).Append(": ").AppendLine(text);
        var who = $"{Str(node, "user") ?? ""} → {Str(node, "server")}{(Str(node, "direction") is { } dir ? $" ({dir})" : "")}".Trim();
        var level = error is not null || status is 0 or >= 500 ? EntryLevel.Error : status >= 400 ? EntryLevel.Warn : EntryLevel.Info;
        return new TimelineEntry(time, "flow", who, what + (rules is null ? "" : " ⚑"),
            detail.Length == 0 ? null : detail.ToString().TrimEnd(), level);
    }

    private static List<TimelineEntry> ReadLog(string file, string source, DateTimeOffset? day)
    {
        var entries = new List<TimelineEntry>();
        var last = day ?? DateTimeOffset.MinValue;
        foreach (var raw in File.ReadLines(file))
        {
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var line = raw;
            var time = last;
            if (DockerTimestamp().Match(line) is { Success: true } docker &&
                DateTimeOffset.TryParse(docker.Groups[1].Value + Fraction(docker.Groups[2].Value) + "Z", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t1))
            {
                time = t1;
                line = line[docker.Length..];
            }
            else if (PythonTimestamp().Match(line) is { Success: true } py &&
                DateTimeOffset.TryParseExact(py.Groups[1].Value.Replace(',', '.'), "yyyy-MM-dd HH:mm:ss.fff",
                    CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t2))
            {
                time = t2;
            }
            last = time;
            var level = line.Contains(" - ERROR - ", StringComparison.Ordinal) || line.Contains(" - CRITICAL - ", StringComparison.Ordinal)
                || line.StartsWith("Traceback", StringComparison.Ordinal) ? EntryLevel.Error
                : line.Contains(" - WARNING - ", StringComparison.Ordinal) ? EntryLevel.Warn : EntryLevel.Info;
            entries.Add(new TimelineEntry(time, source, source, line, null, level));
        }
        return entries;
    }

    /// <summary>The time of a JSON line: <c>ts</c>, <c>time</c> or <c>timestamp</c> (ISO 8601 or epoch milliseconds).</summary>
    public static DateTimeOffset? Time(JsonObject node)
    {
        foreach (var key in new[] { "ts", "time", "timestamp" })
        {
            if (node[key] is not JsonValue value) continue;
            if (value.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) return t;
            if (value.TryGetValue<double>(out var ms)) return DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
        }
        return null;
    }

    internal static string? Str(JsonObject node, string key) => node[key] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    private static double? Number(JsonObject node, string key) =>
        node[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    private static string Compact(JsonNode node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString();

    // Docker writes nanoseconds; .NET parses at most seven fractional digits.
    private static string Fraction(string fraction) => fraction.Length > 8 ? fraction[..8] : fraction;

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    [GeneratedRegex(@"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z\s")]
    private static partial Regex DockerTimestamp();

    [GeneratedRegex(@"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3})")]
    private static partial Regex PythonTimestamp();
}
