namespace Matrix.Complement.Harness.Http;

/// <summary>A logged-in device: who it is and how to authenticate as it.</summary>
/// <param name="UserId">Full Matrix user id, e.g. <c>@alice-1:hs1</c>.</param>
/// <param name="DeviceId">The device id the server assigned or was given.</param>
/// <param name="AccessToken">The device's access token. Never logged: the diagnostics redact it.</param>
/// <param name="Password">The account password, for UIA and further logins.</param>
public sealed record MatrixSession(string UserId, string DeviceId, string AccessToken, string Password)
{
    /// <summary>The localpart of <see cref="UserId"/>.</summary>
    public string Localpart => UserId[1..UserId.IndexOf(':')];

    /// <inheritdoc />
    public override string ToString() => $"{UserId} ({DeviceId})";
}
