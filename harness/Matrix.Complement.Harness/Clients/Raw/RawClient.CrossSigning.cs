using System.Text.RegularExpressions;
using Matrix.Complement.Harness.Http;

namespace Matrix.Complement.Harness.Clients.Raw;

// Cross-signing of the raw device itself: enough for an SDK to see the device as signed by its owner. Resetting the
// identity, signing other devices and trust statuses are not implemented (the CrossSigning feature is not declared).
public sealed partial class RawClient
{
    private RawCrossSigningKeys? _crossSigning;

    /// <summary>This device's cross-signing identity, once <see cref="BootstrapCrossSigningAsync"/> has run.</summary>
    public RawCrossSigningKeys? CrossSigningKeys => _crossSigning;

    /// <inheritdoc />
    /// <remarks>
    /// Creates master, self-signing and user-signing keys, uploads them (with password user-interactive auth when the
    /// server asks for it) and signs this device with the self-signing key. Returns once the signature is uploaded.
    /// </remarks>
    public async Task BootstrapCrossSigningAsync(CancellationToken ct = default)
    {
        if (_crossSigning is not null) throw new InvalidOperationException($"{Who} already bootstrapped cross-signing");
        var keys = new RawCrossSigningKeys();
        var body = keys.UploadBody(Crypto);
        try
        {
            await Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/device_signing/upload", Session, body, ct).ConfigureAwait(false);
        }
        catch (MatrixApiException e) when (e.Status == HttpStatusCode.Unauthorized && UiaSession().Match(e.Message) is { Success: true } m)
        {
            body["auth"] = new JsonObject
            {
                ["type"] = "m.login.password",
                ["identifier"] = new JsonObject { ["type"] = "m.id.user", ["user"] = Session.Localpart },
                ["password"] = Session.Password,
                ["session"] = m.Groups[1].Value,
            };
            await Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/device_signing/upload", Session, body, ct).ConfigureAwait(false);
        }
        var signed = keys.SignDevice(UserId, Crypto.SignedDeviceKeys());
        await Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/signatures/upload", Session,
            new JsonObject { [UserId] = new JsonObject { [DeviceId] = signed } }, ct).ConfigureAwait(false);
        _crossSigning = keys;
    }

    [GeneratedRegex("\"session\"\\s*:\\s*\"([^\"]+)\"")]
    private static partial Regex UiaSession();
}
