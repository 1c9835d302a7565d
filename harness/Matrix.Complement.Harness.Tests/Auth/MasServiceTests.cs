using Matrix.Complement.Harness.Auth;
using Matrix.Complement.Harness.Auth.Mas;
using Matrix.Complement.Harness.Waiting;
using Matrix.Complement.NUnit;

namespace Matrix.Complement.Harness.Tests.Auth;

/// <summary>
/// The MAS path with real containers (issue 10 item 1): Synapse in MAS mode against MAS and PostgreSQL. Their images
/// are pulled, never built; where they are missing (no reachable registry) these tests are skipped naming them.
/// </summary>
[Category("Docker"), Msc(2965)]
public sealed class MasServiceTests
{
    private AuthDeployment? _auth;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        var missing = await MasImages.MissingAsync();
        if (missing.Count > 0)
            Assert.Ignore($"MAS images not present in the local Docker engine: {string.Join(", ", missing)}. Pull them on a " +
                          $"machine that can reach their registries (or set {AuthSettings.MasImage.Name} / {AuthSettings.PostgresImage.Name}).");
        using var cts = new CancellationTokenSource(Timeouts.ContainerStart * 3);
        _auth = await AuthDeployment.StartWithMasAsync(cts.Token);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_auth is not null) await _auth.DisposeAsync();
    }

    [Test, CancelAfter(60_000)]
    public async Task Synapse_passes_MAS_discovery_through_as_auth_metadata(CancellationToken ct)
    {
        var metadata = await _auth!.Homeserver.DirectApi.SendAsync(HttpMethod.Get, "/_matrix/client/v1/auth_metadata", null, null, ct);

        Assert.That(metadata["issuer"]?.GetValue<string>(), Is.EqualTo(_auth.AuthServerUrl.ToString()));
        Assert.That(metadata["account_management_uri"], Is.Not.Null);
    }

    [Test, CancelAfter(60_000)]
    public async Task A_user_registered_in_MAS_is_provisioned_in_Synapse(CancellationToken ct)
    {
        var localpart = $"alice-{Guid.NewGuid().ToString("N")[..8]}";

        await _auth!.RegisterUserAsync(localpart, "pw-" + Guid.NewGuid().ToString("N")[..12], ct);

        var profile = await _auth.Homeserver.DirectApi.SendAsync(HttpMethod.Get, $"/_matrix/client/v3/profile/@{localpart}:hs1", null, null, ct);
        Assert.That(profile["displayname"]?.GetValue<string>(), Is.EqualTo(localpart));
    }
}
