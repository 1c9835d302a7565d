using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Matrix.Complement.Harness.Auth.StandIn;

/// <summary>
/// An offline OAuth 2.0 authorization server that STANDS IN for the Matrix Authentication Service in tests: it
/// honours the contract Synapse 1.160 speaks to MAS (discovery with <c>account_management_uri</c>, shared-secret
/// <c>/oauth2/introspect</c>, provisioning through <c>/_synapse/mas/*</c>) and the client-facing OAuth 2.0 of
/// MSC2964/2965/2966/2967 (authorization code with PKCE, dynamic client registration, refresh, revocation, device
/// authorization grant) with a minimal login page. Built on OpenIddict (EF Core in-memory store), hosted on Kestrel
/// in the test process. It is a test double: results against it are never MAS conformance.
/// </summary>
public sealed class AuthServerStandIn : IAsyncDisposable
{
    /// <summary>The discovery document's <c>service_documentation</c>, which says what this server is.</summary>
    public const string ServiceDocumentation = "urn:matrix-complement:auth-server-stand-in:not-mas";

    private readonly WebApplication _app;
    private readonly StandInDirectory _directory;
    private readonly HttpClient _http;

    private AuthServerStandIn(WebApplication app, StandInDirectory directory, HttpClient http, Uri baseUrl, string secret)
    {
        _app = app;
        _directory = directory;
        _http = http;
        BaseUrl = baseUrl;
        SharedSecret = secret;
    }

    /// <summary>The issuer and base URL, with a trailing slash (Synapse's <c>matrix_authentication_service.endpoint</c>).</summary>
    public Uri BaseUrl { get; }

    /// <summary>The secret shared with Synapse.</summary>
    public string SharedSecret { get; }

    /// <summary>The account management page (<c>account_management_uri</c> in discovery).</summary>
    public Uri AccountManagementUri => new(BaseUrl, "account/");

    /// <summary>The device-link page users open for the device authorization grant.</summary>
    public Uri DeviceLinkUri => new(BaseUrl, "link");

    /// <summary>The Synapse overlay for delegating to this stand-in (<see cref="SynapseMasOverlay"/>).</summary>
    public IReadOnlyDictionary<string, string> SynapseOverlays(string server = "hs1") =>
        SynapseMasOverlay.Overlays(BaseUrl, SharedSecret, server);

    /// <summary>Starts listening on <paramref name="address"/>; throws if the address is taken.</summary>
    public static async Task<AuthServerStandIn> StartAsync(IPAddress address, AuthServerStandInOptions? options = null,
        CancellationToken ct = default)
    {
        options ??= new AuthServerStandInOptions();
        var secret = options.SharedSecret ?? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var baseUrl = new Uri($"http://{address}:{options.Port}/");
        var directory = new StandInDirectory();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, options.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var database = "auth-stand-in-" + Guid.NewGuid().ToString("N");
        builder.Services.AddSingleton(directory);
        builder.Services.AddDbContext<StandInDbContext>(db => db
            .UseInMemoryDatabase(database)
            .ConfigureWarnings(w => w.Ignore(InMemoryEventId.TransactionIgnoredWarning))
            .UseOpenIddict());
        builder.Services.AddAuthentication();
        // Web clients (the js driver's page) call registration, token and revocation cross-origin, as with MAS.
        builder.Services.AddCors();
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<StandInDbContext>().DisableBulkOperations())
            .AddServer(server =>
            {
                server.SetIssuer(baseUrl)
                    .SetAuthorizationEndpointUris("authorize")
                    .SetTokenEndpointUris("oauth2/token")
                    .SetRevocationEndpointUris("oauth2/revoke")
                    .SetDeviceAuthorizationEndpointUris("oauth2/device")
                    .SetEndUserVerificationEndpointUris("link")
                    .SetConfigurationEndpointUris(".well-known/openid-configuration")
                    .SetJsonWebKeySetEndpointUris("oauth2/keys.json")
                    .AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowDeviceAuthorizationFlow()
                    .RequireProofKeyForCodeExchange()
                    .SetAccessTokenLifetime(options.AccessTokenLifetime)
                    .UseReferenceAccessTokens()
                    .DisableScopeValidation()
                    .IgnoreEndpointPermissions().IgnoreGrantTypePermissions().IgnoreResponseTypePermissions()
                    .IgnoreScopePermissions()
                    .AddEphemeralEncryptionKey().AddEphemeralSigningKey()
                    .AddEventHandler(StandInRevocationHandler.Descriptor)
                    .AddEventHandler<HandleConfigurationRequestContext>(handler => handler.UseInlineHandler(context =>
                    {
                        context.Metadata["account_management_uri"] = new Uri(baseUrl, "account/").ToString();
                        context.Metadata["account_management_actions_supported"] = System.Collections.Immutable.ImmutableArray.Create<string?>(
                            "org.matrix.profile", "org.matrix.sessions_list", "org.matrix.session_view",
                            "org.matrix.session_end", "org.matrix.cross_signing_reset");
                        context.Metadata["registration_endpoint"] = new Uri(baseUrl, "oauth2/registration").ToString();
                        context.Metadata["service_documentation"] = ServiceDocumentation;
                        context.Metadata["prompt_values_supported"] = System.Collections.Immutable.ImmutableArray.Create<string?>("create");
                        return default;
                    }));
                server.UseAspNetCore()
                    .DisableTransportSecurityRequirement()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndUserVerificationEndpointPassthrough();
            });
        var app = builder.Build();
        app.UseRouting();
        app.UseCors(cors => cors.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod());
        app.UseAuthentication();
        app.MapMethods("/authorize", ["GET", "POST"], StandInEndpoints.AuthorizeAsync);
        app.MapPost("/oauth2/token", StandInEndpoints.TokenAsync);
        app.MapMethods("/link", ["GET", "POST"], StandInEndpoints.VerifyAsync);
        app.MapGet("/link/done", http => StandInEndpoints.HtmlAsync(http, StandInPages.DeviceLinked(), 200));
        app.MapPost("/oauth2/registration", StandInEndpoints.RegisterClientAsync);
        app.MapPost("/oauth2/introspect", http => StandInEndpoints.IntrospectAsync(http, secret));
        app.MapMethods("/account/", ["GET", "POST"], StandInEndpoints.AccountAsync);
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Waiting.Timeouts.Request };
        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            http.Dispose();
            throw;
        }
        return new AuthServerStandIn(app, directory, http, baseUrl, secret);
    }

    /// <summary>Points provisioning at the homeserver's client API (call once Synapse is up, before any login).</summary>
    public void AttachHomeserver(Uri clientBaseUrl) => _directory.Synapse = new SynapseMasApi(_http, clientBaseUrl, SharedSecret);

    /// <summary>Synapse's provisioning API as this stand-in calls it.</summary>
    public SynapseMasApi Synapse => _directory.RequireSynapse();

    /// <summary>
    /// Registers a stand-in user who can sign in on the login page, and provisions it in Synapse
    /// (<c>provision_user</c>). Returns only after Synapse has the user.
    /// </summary>
    public async Task RegisterUserAsync(string localpart, string password, CancellationToken ct = default)
    {
        await _directory.RequireSynapse().ProvisionUserAsync(localpart, localpart, ct).ConfigureAwait(false);
        _directory.AddUser(localpart, password);
    }

    /// <summary>Approves a cross-signing reset for <paramref name="localpart"/> (what MAS does after the user confirms it).</summary>
    public Task AllowCrossSigningResetAsync(string localpart, CancellationToken ct = default) =>
        _directory.RequireSynapse().AllowCrossSigningResetAsync(localpart, ct);

    /// <summary>Stops listening; the host and the provisioning client are disposed even when stopping throws.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _app.StopAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // in-flight requests are abandoned
            }
        }
        finally
        {
            try
            {
                await _app.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                _http.Dispose();
            }
        }
    }
}
