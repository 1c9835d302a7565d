using System.Collections.Concurrent;
using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Harness.Network;

/// <summary>
/// Which user an access token belongs to, learnt from the <c>/register</c>, <c>/login</c> and <c>/refresh</c>
/// responses that pass through the proxy (and from sessions the harness hands over). Every token learnt is
/// registered with <see cref="Redaction"/>, so it is masked wherever it might later be written.
/// </summary>
internal sealed class TokenDirectory
{
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);

    /// <summary>The owner of <paramref name="token"/>, or null.</summary>
    public string? UserOf(string? token) => token is not null && _owners.TryGetValue(token, out var user) ? user : null;

    /// <summary>Remembers a token's owner.</summary>
    public void Add(string token, string userId)
    {
        Redaction.Register(token);
        _owners[token] = userId;
    }

    /// <summary>Whether a response to this request may carry a new token.</summary>
    public static bool IssuesTokens(string method, string path) =>
        method == "POST" && (path.EndsWith("/register", StringComparison.Ordinal) ||
                             path.EndsWith("/login", StringComparison.Ordinal) ||
                             path.EndsWith("/refresh", StringComparison.Ordinal));

    /// <summary>Learns from a token-issuing response body; returns the user id it names, if any.</summary>
    public string? Learn(string? body, string? knownUser)
    {
        if (string.IsNullOrEmpty(body)) return null;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject json) return null;
            var user = (json["user_id"] as JsonValue)?.GetValue<string>() ?? knownUser;
            if (json["refresh_token"] is JsonValue refresh) Redaction.Register(refresh.GetValue<string>());
            if (user is not null && json["access_token"] is JsonValue token) Add(token.GetValue<string>(), user);
            return user;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
