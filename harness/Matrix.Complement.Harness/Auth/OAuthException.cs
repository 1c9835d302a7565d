namespace Matrix.Complement.Harness.Auth;

/// <summary>An OAuth 2.0 endpoint answered with an error.</summary>
public sealed class OAuthException(string message, string? error, HttpStatusCode status) : HttpRequestException(message, null, status)
{
    /// <summary>The OAuth <c>error</c> code (e.g. <c>authorization_pending</c>, <c>invalid_grant</c>).</summary>
    public string? Error { get; } = error;
}
