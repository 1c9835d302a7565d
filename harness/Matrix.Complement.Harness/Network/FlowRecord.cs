using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Harness.Network;

/// <summary>
/// One request through the proxy, as written to flow logs (one JSON line each). Paths and bodies are redacted
/// when the record is made, so a record never holds an access token, password, recovery key or secret-storage
/// payload.
/// </summary>
public sealed record FlowRecord
{
    private const int MaxBody = 4096;

    private static readonly JsonSerializerOptions LineOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable paths: '&' and '<redacted>' stay as they are
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>When the request arrived.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The logical server it was addressed to.</summary>
    public required string Server { get; init; }

    /// <summary>Client-server or federation.</summary>
    public required TrafficDirection Direction { get; init; }

    /// <summary>For federation: the signing server, when known.</summary>
    public string? Origin { get; init; }

    /// <summary>HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>Path and query, redacted.</summary>
    public required string Path { get; init; }

    /// <summary>The status the client received; 0 when the connection was dropped before a status was sent.</summary>
    public int Status { get; init; }

    /// <summary>From arrival to the last response byte, in milliseconds.</summary>
    public double DurationMs { get; init; }

    /// <summary>Request body bytes received from the client.</summary>
    public long RequestBytes { get; init; }

    /// <summary>Response body bytes sent to the client.</summary>
    public long ResponseBytes { get; init; }

    /// <summary>The user whose token the request carried, when known.</summary>
    public string? User { get; init; }

    /// <summary>The rules that fired, each as "criteria -> action".</summary>
    public IReadOnlyList<string>? Rules { get; init; }

    /// <summary>The request body (redacted, truncated), recorded only when a rule needed it.</summary>
    public string? RequestBody { get; init; }

    /// <summary>The response body (redacted, truncated), recorded only when a rule needed it.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>What went wrong in the proxy, if anything (a dropped connection, an unreachable server).</summary>
    public string? Error { get; init; }

    /// <summary>The record as one JSON line (no trailing newline), redacted once more as a whole.</summary>
    public string ToJsonLine() => Redaction.Redact(JsonSerializer.Serialize(this, LineOptions));

    /// <summary>Redacts and truncates a body for a record.</summary>
    internal static string? Clip(string? body)
    {
        if (body is null) return null;
        var redacted = Redaction.Redact(body);
        return redacted.Length <= MaxBody ? redacted : redacted[..MaxBody] + $"…(+{redacted.Length - MaxBody} chars)";
    }
}
