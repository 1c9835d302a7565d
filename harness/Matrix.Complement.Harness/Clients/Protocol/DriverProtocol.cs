using System.Text.Json.Serialization;

namespace Matrix.Complement.Harness.Clients.Protocol;

/// <summary>
/// The JSON of the driver protocol (fixtures/clients/PROTOCOL.md): commands out, results and pushed events in.
/// Pure functions, so every driver (browser page, process) shares one codec.
/// </summary>
public static class DriverProtocol
{
    /// <summary>The protocol version this harness speaks.</summary>
    public const int Version = 1;

    /// <summary>camelCase, nulls left out: the protocol's JSON conventions.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>A command line: <c>{"id":1,"command":"sendText","args":{…}}</c>.</summary>
    public static string EncodeCommand(long id, string command, object? args)
    {
        var message = new JsonObject
        {
            ["id"] = id,
            ["command"] = command,
            ["args"] = args is null ? new JsonObject() : JsonSerializer.SerializeToNode(args, Json),
        };
        return message.ToJsonString();
    }

    /// <summary>Parses one line from a driver: a result (has <c>id</c> and <c>ok</c>) or an event (has <c>event</c>).</summary>
    public static DriverMessage Decode(string line)
    {
        JsonObject o;
        try
        {
            o = JsonNode.Parse(line) as JsonObject ?? throw new DriverProtocolException($"not a JSON object: {Clip(line)}");
        }
        catch (JsonException e)
        {
            throw new DriverProtocolException($"not JSON: {Clip(line)}", e);
        }
        if (o["event"] is JsonValue name)
            return new DriverEvent(name.GetValue<string>(), o["data"] as JsonObject ?? [], o["at"]?.GetValue<double>() ?? 0);
        if (o["ok"] is not JsonValue ok)
            throw new DriverProtocolException($"neither a result (id, ok) nor an event: {Clip(line)}");
        var id = o["id"]?.GetValue<long>() ?? -1;
        if (ok.GetValue<bool>()) return new DriverResult(id, o["result"]);
        var error = o["error"] as JsonObject ?? [];
        return new DriverError(id, error["code"]?.GetValue<string>() ?? "sdk",
            error["message"]?.GetValue<string>() ?? "(no message)", error["details"] as JsonObject);
    }

    /// <summary>A timeline event as the protocol's <c>TimelineEvent</c> object describes it.</summary>
    public static TimelineEvent ParseTimelineEvent(JsonNode node)
    {
        var o = node.AsObject();
        string? Str(string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        var state = Str("decryption") switch
        {
            "plain" => DecryptionState.Plain,
            "pending" => DecryptionState.Pending,
            "decrypted" => DecryptionState.Decrypted,
            "failed" => DecryptionState.Failed,
            var other => throw new DriverProtocolException($"unknown decryption state '{other}'"),
        };
        return new TimelineEvent(
            Str("roomId") ?? throw new DriverProtocolException("timeline event without roomId"),
            Str("eventId") ?? "",
            Str("type") ?? "",
            Str("sender") ?? "",
            Str("senderDevice"),
            Str("body"),
            o["encrypted"]?.GetValue<bool>() ?? false,
            state,
            state == DecryptionState.Failed ? DecryptionFailureCodes.Parse(Str("failureCode")) : null,
            Str("sessionId"),
            o["observedAt"]?.GetValue<double>() ?? 0);
    }

    /// <summary>The protocol name of a history visibility (<c>world_readable</c>).</summary>
    public static string ToProtocolName(this HistoryVisibility visibility) => visibility switch
    {
        HistoryVisibility.WorldReadable => "world_readable",
        _ => visibility.ToString().ToLowerInvariant(),
    };

    private static string Clip(string s) => s.Length <= 300 ? s : s[..300] + "…";
}

/// <summary>One message from a driver.</summary>
public abstract record DriverMessage;

/// <summary>A successful result of command <paramref name="Id"/>.</summary>
public sealed record DriverResult(long Id, JsonNode? Result) : DriverMessage;

/// <summary>A failed command: <paramref name="Code"/> is one of PROTOCOL.md's error codes.</summary>
public sealed record DriverError(long Id, string Code, string Message, JsonObject? Details) : DriverMessage;

/// <summary>An event the driver pushed (timeline, sync, verification, trust).</summary>
public sealed record DriverEvent(string Name, JsonObject Data, double AtMs) : DriverMessage;

/// <summary>The driver broke the protocol (an error of the harness or driver, not of the product).</summary>
public sealed class DriverProtocolException(string message, Exception? inner = null) : Exception(Diagnostics.Redaction.Redact(message), inner);
