namespace Matrix.Complement.Harness.Network;

/// <summary>
/// A request as the proxy saw it, for rule predicates, sniff callbacks and sniffed records. <see cref="Body"/> is
/// filled only when a rule needed it (a body predicate or a sniff).
/// </summary>
/// <param name="Server">The logical homeserver the request was addressed to, e.g. <c>hs1</c>.</param>
/// <param name="Direction">Client-server or federation.</param>
/// <param name="Method">HTTP method, upper case.</param>
/// <param name="Path">The path without query, e.g. <c>/_matrix/client/v3/keys/upload</c>.</param>
/// <param name="Query">The query string including <c>?</c>, or empty. May carry an access token: never log it unredacted.</param>
/// <param name="UserId">The user the access token belongs to, when the proxy knows it.</param>
/// <param name="AccessToken">The access token of a client-server request, if any. Never log it.</param>
/// <param name="Origin">The sending server of a signed federation request (from <c>X-Matrix origin=…</c>).</param>
public sealed record ProxyRequest(string Server, TrafficDirection Direction, string Method, string Path, string Query,
    string? UserId, string? AccessToken, string? Origin)
{
    private JsonNode? _json;
    private bool _parsed;

    /// <summary>The request body as text, when a rule asked for it; otherwise null.</summary>
    public string? Body { get; init; }

    /// <summary>The body parsed as JSON, or null when there is none or it is not JSON.</summary>
    public JsonNode? Json
    {
        get
        {
            if (_parsed) return _json;
            _parsed = true;
            if (string.IsNullOrWhiteSpace(Body)) return null;
            try
            {
                _json = JsonNode.Parse(Body);
            }
            catch (JsonException)
            {
                _json = null;
            }
            return _json;
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Method} {Path} on {Server} ({Direction}{(UserId is null ? "" : ", " + UserId)}{(Origin is null ? "" : ", from " + Origin)})";
}
