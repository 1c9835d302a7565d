using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Http;

namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>
/// A device that only has to be a valid recipient: registered, with self-signed device keys and signed one-time keys
/// on the server, but no sync and no kept state. For scenarios that need an SDK to encrypt to someone who is not a
/// client under test.
/// </summary>
public static class RawKeyUpload
{
    /// <summary>
    /// Registers a user whose localpart starts with <paramref name="actor"/> on <paramref name="server"/> and uploads
    /// keys for its device: self-signed device keys and <paramref name="oneTimeKeys"/> signed one-time keys (no
    /// fallback key). Returns the session once the server accepted the keys; the account is discarded.
    /// </summary>
    public static async Task<MatrixSession> RegisterDeviceWithKeysAsync(HomeserverHandle server, string actor,
        int oneTimeKeys, CancellationToken ct = default)
    {
        var session = await server.RegisterUserAsync(actor, ct).ConfigureAwait(false);
        using var device = new RawDevice(session.UserId, session.DeviceId);
        await server.Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/upload", session, new JsonObject
        {
            ["device_keys"] = device.SignedDeviceKeys(),
            ["one_time_keys"] = device.NewSignedOneTimeKeys(oneTimeKeys),
        }, ct).ConfigureAwait(false);
        device.MarkKeysAsPublished();
        return session;
    }
}
