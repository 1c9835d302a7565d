namespace Matrix.Complement.Harness.Auth;

/// <summary>A token endpoint answer.</summary>
/// <param name="AccessToken">The bearer token for the client-server API.</param>
/// <param name="RefreshToken">The refresh token, if one was issued.</param>
/// <param name="ExpiresIn">The access token's lifetime, if given.</param>
/// <param name="Scope">The granted scopes, space-separated.</param>
public sealed record OAuthTokens(string AccessToken, string? RefreshToken, TimeSpan? ExpiresIn, string Scope)
{
    /// <summary>The device the tokens act as (from the device scope), if any.</summary>
    public string? DeviceId => MatrixScopes.DeviceIds(Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries)).FirstOrDefault();
}
