namespace Matrix.Complement.Harness.Http;

/// <summary>A client-server API request that the homeserver answered with an error.</summary>
public sealed class MatrixApiException(string method, string path, HttpStatusCode status, string body)
    : Exception(Diagnostics.Redaction.Redact($"{method} {path} answered {(int)status} {status}: {Truncate(body)}"))
{
    /// <summary>HTTP status of the answer.</summary>
    public HttpStatusCode Status { get; } = status;

    /// <summary>The Matrix error code (<c>errcode</c>), when the body has one.</summary>
    public string? ErrorCode { get; } = TryErrcode(body);

    private static string Truncate(string s) => s.Length <= 500 ? s : s[..500] + "…";

    private static string? TryErrcode(string body)
    {
        try { return JsonNode.Parse(body)?["errcode"]?.GetValue<string>(); }
        catch (JsonException) { return null; }
    }
}
