using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Matrix.Complement.Harness.Auth;

/// <summary>
/// Synapse's <c>/_synapse/mas/*</c> provisioning API (notes/synapse.md §12.4), called with the shared secret as
/// bearer: what an auth server does before it issues tokens for a user and device, and after a session ends.
/// </summary>
public sealed class SynapseMasApi(HttpClient http, Uri homeserver, string secret)
{
    /// <summary>The homeserver's client API base URL.</summary>
    public Uri Homeserver { get; } = homeserver;

    /// <summary>Creates or updates the user <paramref name="localpart"/>.</summary>
    public Task ProvisionUserAsync(string localpart, string? displayName = null, CancellationToken ct = default) =>
        PostAsync("provision_user", displayName is null
            ? new JsonObject { ["localpart"] = localpart }
            : new JsonObject { ["localpart"] = localpart, ["set_displayname"] = displayName }, ct);

    /// <summary>Creates the device <paramref name="deviceId"/> of <paramref name="localpart"/>, or updates it.</summary>
    public Task UpsertDeviceAsync(string localpart, string deviceId, string? displayName = null, CancellationToken ct = default)
    {
        var body = new JsonObject { ["localpart"] = localpart, ["device_id"] = deviceId };
        if (displayName is not null) body["display_name"] = displayName;
        return PostAsync("upsert_device", body, ct);
    }

    /// <summary>Deletes the device (and with it its access tokens, at once, introspection cache included).</summary>
    public Task DeleteDeviceAsync(string localpart, string deviceId, CancellationToken ct = default) =>
        PostAsync("delete_device", new JsonObject { ["localpart"] = localpart, ["device_id"] = deviceId }, ct);

    /// <summary>Lets <paramref name="localpart"/> replace its cross-signing master key without UIA for 10 minutes.</summary>
    public Task AllowCrossSigningResetAsync(string localpart, CancellationToken ct = default) =>
        PostAsync("allow_cross_signing_reset", new JsonObject { ["localpart"] = localpart }, ct);

    private async Task PostAsync(string endpoint, JsonObject body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Homeserver, $"_synapse/mas/{endpoint}"))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw new HttpRequestException(
                $"POST /_synapse/mas/{endpoint} on {Homeserver} answered {(int)response.StatusCode}: {text}", null, response.StatusCode);
        }
    }
}
