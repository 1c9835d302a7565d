using System.Text.RegularExpressions;
using Matrix.Complement.Harness.Clients;

namespace Matrix.Complement.Reports.Reading;

/// <summary>
/// Finds unable-to-decrypt events in a test's <c>timeline.jsonl</c>, tolerantly: any object in a line's
/// <c>result</c> (or a pushed event) that looks like a <c>TimelineEvent</c> in the failed state — <c>decryption</c>
/// <c>"Failed"</c> (or its enum number) or a <c>failureCode</c> — and any <c>TimelineEvent.ToString()</c> text in
/// results and errors. Codes may be protocol names, enum names or enum numbers. An event is counted once per client:
/// its last state wins. A UTD is expected when its line or event says so (<c>expected</c>) or, failing that, when the
/// test passed (a scenario fails on any UTD it did not expect).
/// </summary>
public static partial class UtdReader
{
    private const int FailedState = (int)DecryptionState.Failed;

    /// <summary>The UTDs of one test; an empty list when there are none or no timeline.</summary>
    public static IReadOnlyList<UtdObservation> Read(string directory, string testId, TestOutcome outcome)
    {
        var byEvent = new Dictionary<(string Actor, string EventId), UtdObservation?>();
        if (!Directory.Exists(directory)) return [];
        var passed = outcome is TestOutcome.Passed or TestOutcome.ExpectedFailure;
        foreach (var file in Directory.EnumerateFiles(directory, "*.jsonl")
                     .Where(f => Path.GetFileName(f).Contains("timeline", StringComparison.OrdinalIgnoreCase)).Order())
        {
            foreach (var (node, _) in ArtefactReader.JsonLines(file))
            {
                if (node is null) continue;
                var actor = ArtefactReader.Str(node, "actor") ?? "?";
                var kind = ArtefactReader.Str(node, "kind") ?? "?";
                var lineExpected = Flag(node);
                var events = new List<(string EventId, string? Code, bool Utd, bool? Expected)>();
                var isCall = node["call"] is not null;
                if (isCall) Collect(node["result"], events);
                else Collect(node, events);
                foreach (var text in new[] { node["result"], node["error"] }.OfType<JsonValue>())
                    if (text.TryGetValue<string>(out var s)) ParseText(s, events);
                foreach (var (eventId, code, utd, expected) in events)
                    byEvent[(actor, eventId)] = utd
                        ? new UtdObservation(testId, actor, kind, eventId, code ?? "UNKNOWN_ERROR", expected ?? lineExpected ?? passed)
                        : null;
            }
        }
        return [.. byEvent.Values.OfType<UtdObservation>()];
    }

    private static void Collect(JsonNode? node, List<(string, string?, bool, bool?)> events)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array) Collect(item, events);
                break;
            case JsonObject obj:
                var eventId = ArtefactReader.Str(obj, "eventId") ?? ArtefactReader.Str(obj, "event_id");
                var state = obj["decryption"];
                var code = obj["failureCode"] ?? obj["failure_code"];
                if (eventId is not null && (state is not null || code is not null))
                {
                    var failed = IsFailed(state) || (code is not null && code.GetValueKind() != JsonValueKind.Null);
                    events.Add((eventId, failed ? CodeName(code) : null, failed, Flag(obj)));
                }
                foreach (var (_, child) in obj) Collect(child, events);
                break;
        }
    }

    private static bool IsFailed(JsonNode? state) => state is JsonValue v &&
        ((v.TryGetValue<string>(out var s) && s.Equals("failed", StringComparison.OrdinalIgnoreCase)) ||
         (v.TryGetValue<int>(out var n) && n == FailedState));

    /// <summary>The protocol name of a code given as a name, an enum name or an enum number.</summary>
    public static string CodeName(JsonNode? code)
    {
        if (code is not JsonValue v) return DecryptionFailureCode.UnknownError.ToProtocolName();
        if (v.TryGetValue<int>(out var n))
            return Enum.IsDefined(typeof(DecryptionFailureCode), n)
                ? ((DecryptionFailureCode)n).ToProtocolName() : $"CODE_{n}";
        if (v.TryGetValue<string>(out var s)) return CodeName(s);
        return DecryptionFailureCode.UnknownError.ToProtocolName();
    }

    /// <summary>The protocol name of a code given as text; unknown names are kept, upper-cased.</summary>
    public static string CodeName(string name)
    {
        var parsed = DecryptionFailureCodes.Parse(name);
        return parsed == DecryptionFailureCode.Unrecognised ? name.ToUpperInvariant() : parsed.ToProtocolName();
    }

    private static void ParseText(string text, List<(string, string?, bool, bool?)> events)
    {
        foreach (Match m in EventText().Matches(text))
            events.Add((m.Groups["id"].Value, CodeName(m.Groups["code"].Value), true, null));
    }

    private static bool? Flag(JsonObject node) =>
        (node["expected"] ?? node["expectedUtd"]) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    // TimelineEvent.ToString(): "$id from @u:hs1/DEVICE m.room.encrypted Failed (MEGOLM_UNKNOWN_INBOUND_SESSION_ID) …"
    [GeneratedRegex(@"(?<id>\$[^\s,;]+) from \S+ \S+ Failed \((?<code>[A-Z_]+)\)")]
    private static partial Regex EventText();
}
