using Matrix.Complement.Harness.Auth.Mas;
using Matrix.Complement.Harness.Auth.StandIn;
using Matrix.Complement.Harness.Deployment;
using HarnessDeployment = Matrix.Complement.Harness.Deployment.Deployment;

namespace Matrix.Complement.Harness.Auth;

/// <summary>
/// A deployment whose hs1 delegates auth to an OAuth 2.0 server: the offline STAND-IN
/// (<see cref="AuthServerStandIn"/>, never MAS conformance) or the real MAS in containers (<see cref="MasService"/>).
/// The auth server listens on 127.0.j.200 of a loopback slot it holds; hs1 runs in MAS mode pointing at it.
/// Dispose stops everything.
/// </summary>
/// <remarks>
/// The auth server holds a slot of its own because <see cref="HarnessDeployment.StartAsync"/> acquires the
/// deployment's slot internally, and Synapse's overlay must name the auth server before Synapse starts.
/// </remarks>
public sealed class AuthDeployment : IAsyncDisposable
{
    private readonly LoopbackSlot _authSlot;

    private AuthDeployment(AuthMode mode, LoopbackSlot authSlot, HarnessDeployment deployment, AuthServerStandIn? standIn, MasService? mas)
    {
        Mode = mode;
        _authSlot = authSlot;
        Deployment = deployment;
        StandIn = standIn;
        Mas = mas;
    }

    /// <summary>Which auth server runs (<see cref="AuthMode.StandIn"/> or <see cref="AuthMode.Mas"/>).</summary>
    public AuthMode Mode { get; }

    /// <summary>The stand-in, in <see cref="AuthMode.StandIn"/>.</summary>
    public AuthServerStandIn? StandIn { get; }

    /// <summary>MAS and its database, in <see cref="AuthMode.Mas"/>.</summary>
    public MasService? Mas { get; }

    /// <summary>The auth server's issuer and base URL.</summary>
    public Uri AuthServerUrl => StandIn?.BaseUrl ?? Mas!.BaseUrl;

    /// <summary>The homeservers (hs1 in MAS mode).</summary>
    public HarnessDeployment Deployment { get; }

    /// <summary>hs1.</summary>
    public HomeserverHandle Homeserver => Deployment["hs1"];

    /// <summary>Starts the mode <see cref="AuthSettings.Mode"/> selects; <see cref="AuthMode.None"/> is refused.</summary>
    public static Task<AuthDeployment> StartAsync(AuthMode mode, CancellationToken ct = default) => mode switch
    {
        AuthMode.StandIn => StartWithStandInAsync(null, ct),
        AuthMode.Mas => StartWithMasAsync(ct),
        _ => throw new InvalidOperationException($"{AuthSettings.Mode.Name}=none: no auth server to start."),
    };

    /// <summary>Starts the stand-in, then hs1 delegating to it, then attaches the stand-in to hs1 for provisioning.</summary>
    public static async Task<AuthDeployment> StartWithStandInAsync(AuthServerStandInOptions? options = null, CancellationToken ct = default)
    {
        var slot = LoopbackSlot.Acquire();
        AuthServerStandIn? standIn = null;
        try
        {
            standIn = await AuthServerStandIn.StartAsync(slot.AuthServerAddress(), options, ct).ConfigureAwait(false);
            var deployment = await HarnessDeployment.StartAsync(new DeploymentOptions
            {
                Homeservers = 1,
                ConfigOverlays = standIn.SynapseOverlays("hs1"),
            }, ct).ConfigureAwait(false);
            standIn.AttachHomeserver(deployment["hs1"].DirectClientBaseUrl);
            return new AuthDeployment(AuthMode.StandIn, slot, deployment, standIn, null);
        }
        catch
        {
            try
            {
                if (standIn is not null) await standIn.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                slot.Dispose();
            }
            throw;
        }
    }

    /// <summary>
    /// Starts hs1 in MAS mode (Synapse contacts MAS only on demand), then PostgreSQL and MAS provisioning into hs1.
    /// Throws naming the images when they are missing (<see cref="MasImages.MissingAsync"/>).
    /// </summary>
    public static async Task<AuthDeployment> StartWithMasAsync(CancellationToken ct = default)
    {
        var missing = await MasImages.MissingAsync(ct).ConfigureAwait(false);
        if (missing.Count > 0)
            throw new InvalidOperationException($"MAS images not present in the local Docker engine: {string.Join(", ", missing)}.");
        var slot = LoopbackSlot.Acquire();
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var url = AuthAddresses.AuthServerBaseUrl(slot.AuthServerAddress());
        HarnessDeployment? deployment = null;
        try
        {
            deployment = await HarnessDeployment.StartAsync(new DeploymentOptions
            {
                Homeservers = 1,
                ConfigOverlays = SynapseMasOverlay.Overlays(url, secret, "hs1"),
            }, ct).ConfigureAwait(false);
            var mas = await MasService.StartAsync(slot, "hs1", deployment["hs1"].DirectClientBaseUrl, secret,
                deployment.Directory, ct).ConfigureAwait(false);
            return new AuthDeployment(AuthMode.Mas, slot, deployment, null, mas);
        }
        catch
        {
            try
            {
                if (deployment is not null) await deployment.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                slot.Dispose();
            }
            throw;
        }
    }

    /// <summary>Registers a user who can sign in with a password on the auth server's login page.</summary>
    public Task RegisterUserAsync(string localpart, string password, CancellationToken ct = default) =>
        StandIn is not null ? StandIn.RegisterUserAsync(localpart, password, ct) : Mas!.RegisterUserAsync(localpart, password, ct);

    /// <summary>
    /// Stops hs1, then the auth server, and releases the auth server's slot; each step runs even when an earlier one
    /// throws (the first failure is rethrown after the rest), so no container or listener is left behind.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Deployment.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            try
            {
                if (StandIn is not null) await StandIn.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                try
                {
                    if (Mas is not null) await Mas.DisposeAsync().ConfigureAwait(false);
                }
                finally
                {
                    _authSlot.Dispose();
                }
            }
        }
    }
}
