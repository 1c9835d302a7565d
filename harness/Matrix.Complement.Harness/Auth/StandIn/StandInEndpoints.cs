using System.Collections.Immutable;
using Microsoft.AspNetCore;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Matrix.Complement.Harness.Auth.StandIn;

/// <summary>
/// The stand-in's own request handlers: OpenIddict's pass-through endpoints (authorization with the login page,
/// token, device link) and what OpenIddict does not provide (dynamic client registration, Synapse's
/// shared-secret introspection, the account page).
/// </summary>
internal static class StandInEndpoints
{
    private const string Scheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    /// <summary>GET shows the login page; POST with stand-in credentials signs the user in and issues a code.</summary>
    public static async Task AuthorizeAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var directory = http.RequestServices.GetRequiredService<StandInDirectory>();
        string? error = null;
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            var username = form[StandInPages.UsernameField].ToString();
            if (directory.CheckPassword(username, form[StandInPages.PasswordField].ToString()))
            {
                var principal = await GrantAsync(http, username, request.ClientId!, request.GetScopes()).ConfigureAwait(false);
                await http.SignInAsync(Scheme, principal).ConfigureAwait(false);
                return;
            }
            error = "Unknown stand-in user or wrong password.";
        }
        var hidden = request.GetParameters()
            .Where(p => p.Key is not (StandInPages.UsernameField or StandInPages.PasswordField))
            .Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString() ?? ""));
        await HtmlAsync(http, StandInPages.Login(http.Request.Path, hidden, error),
            error is null ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized).ConfigureAwait(false);
    }

    /// <summary>Token endpoint: authorization code, refresh token and device code grants re-issue the stored principal.</summary>
    public static async Task TokenAsync(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (!(request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType() || request.IsDeviceCodeGrantType()))
        {
            await http.ForbidAsync(Scheme, Error(Errors.UnsupportedGrantType, "The stand-in supports code, refresh and device grants.")).ConfigureAwait(false);
            return;
        }
        var result = await http.AuthenticateAsync(Scheme).ConfigureAwait(false);
        var directory = http.RequestServices.GetRequiredService<StandInDirectory>();
        if (result.Principal is { } redeemed && request.IsDeviceCodeGrantType() && directory.FindGrant(redeemed.GetAuthorizationId()) is null
            && directory.FindGrantByDevice(redeemed.GetClaim(Claims.Subject), redeemed.GetClaim("device_id")) is { } approved)
        {
            // OpenIddict keeps the device code's own ad-hoc authorization; bind the tokens to the approved session instead.
            redeemed.SetAuthorizationId(approved.AuthorizationId);
        }
        if (result.Principal is not { } principal || directory.FindGrant(principal.GetAuthorizationId()) is null)
        {
            await http.ForbidAsync(Scheme, Error(Errors.InvalidGrant, $"The session has ended (authorization {result.Principal?.GetAuthorizationId() ?? "none"}).")).ConfigureAwait(false);
            return;
        }
        principal.SetDestinations(_ => [Destinations.AccessToken]);
        await http.SignInAsync(Scheme, principal).ConfigureAwait(false);
    }

    /// <summary>End-user verification of the device authorization grant: the code, then stand-in credentials.</summary>
    public static async Task VerifyAsync(HttpContext http)
    {
        var directory = http.RequestServices.GetRequiredService<StandInDirectory>();
        var result = await http.AuthenticateAsync(Scheme).ConfigureAwait(false);
        var request = http.GetOpenIddictServerRequest();
        string? error = null;
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            var username = form[StandInPages.UsernameField].ToString();
            if (result.Principal is not { } codePrincipal || string.IsNullOrEmpty(result.Principal.GetClaim(Claims.ClientId) ?? codePrincipal.GetPresenters().FirstOrDefault()))
                error = "Unknown or expired code.";
            else if (!directory.CheckPassword(username, form[StandInPages.PasswordField].ToString()))
                error = "Unknown stand-in user or wrong password.";
            else
            {
                var clientId = codePrincipal.GetPresenters().FirstOrDefault() ?? codePrincipal.GetClaim(Claims.ClientId)!;
                var principal = await GrantAsync(http, username, clientId, codePrincipal.GetScopes()).ConfigureAwait(false);
                await http.SignInAsync(Scheme, principal, new AuthenticationProperties { RedirectUri = "/link/done" }).ConfigureAwait(false);
                return;
            }
        }
        await HtmlAsync(http, StandInPages.DeviceLink("/link", request?.UserCode, error),
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest).ConfigureAwait(false);
    }

    /// <summary>
    /// The account page (<c>account_management_uri</c>). For <c>action=org.matrix.cross_signing_reset</c> it asks for
    /// stand-in credentials and, once given, lets the user replace their cross-signing identity
    /// (<c>allow_cross_signing_reset</c>), as MAS does after the user confirms; other actions are only echoed.
    /// </summary>
    public static async Task AccountAsync(HttpContext http)
    {
        var action = http.Request.Query["action"].ToString();
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            action = form["action"].ToString();
            var username = form[StandInPages.UsernameField].ToString();
            var directory = http.RequestServices.GetRequiredService<StandInDirectory>();
            if (action != StandInPages.CrossSigningResetAction)
            {
                await HtmlAsync(http, StandInPages.Account(action, null), StatusCodes.Status400BadRequest).ConfigureAwait(false);
                return;
            }
            if (!directory.CheckPassword(username, form[StandInPages.PasswordField].ToString()))
            {
                await HtmlAsync(http, StandInPages.Account(action, "Unknown stand-in user or wrong password."),
                    StatusCodes.Status401Unauthorized).ConfigureAwait(false);
                return;
            }
            await directory.RequireSynapse().AllowCrossSigningResetAsync(username, http.RequestAborted).ConfigureAwait(false);
            await HtmlAsync(http, StandInPages.CrossSigningResetAllowed(), StatusCodes.Status200OK).ConfigureAwait(false);
            return;
        }
        await HtmlAsync(http, StandInPages.Account(action.Length == 0 ? null : action, null), StatusCodes.Status200OK).ConfigureAwait(false);
    }

    /// <summary>MSC2966 dynamic client registration (RFC 7591): every client is public and uses PKCE.</summary>
    public static async Task RegisterClientAsync(HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false) as JsonObject;
        var redirects = body?["redirect_uris"] as JsonArray ?? [];
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = "standin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            ClientType = ClientTypes.Public,
            DisplayName = body?["client_name"]?.GetValue<string>() ?? "unnamed client",
        };
        foreach (var uri in redirects.Select(r => r?.GetValue<string>()).OfType<string>())
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
            {
                await JsonAsync(http, new JsonObject { ["error"] = "invalid_redirect_uri", ["error_description"] = uri }, 400).ConfigureAwait(false);
                return;
            }
            descriptor.RedirectUris.Add(parsed);
        }
        var grantTypes = body?["grant_types"]?.DeepClone() ?? new JsonArray("authorization_code", "refresh_token");
        await http.RequestServices.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(descriptor, http.RequestAborted).ConfigureAwait(false);
        var answer = body?.DeepClone() as JsonObject ?? [];
        answer["client_id"] = descriptor.ClientId;
        answer["client_id_issued_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        answer["token_endpoint_auth_method"] = "none";
        answer["grant_types"] = grantTypes;
        answer["response_types"] = new JsonArray("code");
        await JsonAsync(http, answer, StatusCodes.Status201Created).ConfigureAwait(false);
    }

    /// <summary>Synapse's introspection (notes/synapse.md §12.3): the shared secret as bearer, MAS's answer shape.</summary>
    public static async Task IntrospectAsync(HttpContext http, string secret)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(header["Bearer ".Length..]), System.Text.Encoding.UTF8.GetBytes(secret)))
        {
            await JsonAsync(http, new JsonObject { ["error"] = "invalid_client" }, StatusCodes.Status401Unauthorized).ConfigureAwait(false);
            return;
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        var answer = await IntrospectTokenAsync(http.RequestServices, form["token"].ToString(), http.RequestAborted).ConfigureAwait(false);
        await JsonAsync(http, answer, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    private static async Task<JsonObject> IntrospectTokenAsync(IServiceProvider services, string token, CancellationToken ct)
    {
        // Inactive answers say why in a stand-in-only field, for failure messages; Synapse ignores it.
        static JsonObject Inactive(string why) => new() { ["active"] = false, ["standin_inactive_reason"] = why };
        if (token.Length == 0) return Inactive("no token");
        var tokens = services.GetRequiredService<IOpenIddictTokenManager>();
        var entry = await tokens.FindByReferenceIdAsync(token, ct).ConfigureAwait(false);
        if (entry is null) return Inactive("unknown token");
        if (!await tokens.HasTypeAsync(entry, TokenTypeIdentifiers.AccessToken, ct).ConfigureAwait(false)) return Inactive("not an access token");
        if (!await tokens.HasStatusAsync(entry, Statuses.Valid, ct).ConfigureAwait(false)) return Inactive("revoked or redeemed");
        var expires = await tokens.GetExpirationDateAsync(entry, ct).ConfigureAwait(false);
        if (expires is { } at && at <= DateTimeOffset.UtcNow) return Inactive("expired");
        var authorizationId = await tokens.GetAuthorizationIdAsync(entry, ct).ConfigureAwait(false);
        var grant = services.GetRequiredService<StandInDirectory>().FindGrant(authorizationId);
        if (grant is null) return Inactive($"no live session for authorization '{authorizationId}'");
        var answer = new JsonObject
        {
            ["active"] = true,
            ["scope"] = string.Join(' ', grant.Scopes),
            ["username"] = grant.Localpart,
            ["sub"] = grant.Localpart,
            ["device_id"] = grant.DeviceId,
            ["client_id"] = grant.ClientId,
            ["token_type"] = "access_token",
        };
        if (expires is { } exp)
        {
            answer["exp"] = exp.ToUnixTimeSeconds();
            answer["expires_in"] = Math.Max(0, (long)(exp - DateTimeOffset.UtcNow).TotalSeconds);
        }
        return answer;
    }

    /// <summary>
    /// Creates the OpenIddict authorization and the grant for <paramref name="localpart"/>'s new session, provisions
    /// the user's device in Synapse (<c>upsert_device</c>) and returns the principal to sign in.
    /// </summary>
    private static async Task<ClaimsPrincipal> GrantAsync(HttpContext http, string localpart, string clientId, ImmutableArray<string> requested)
    {
        var services = http.RequestServices;
        var directory = services.GetRequiredService<StandInDirectory>();
        var scopes = requested.ToList();
        var devices = MatrixScopes.DeviceIds(scopes);
        if (devices.Count > 1) throw new InvalidOperationException($"More than one device scope requested: {string.Join(", ", devices)}.");
        var deviceId = devices.Count == 1 ? devices[0] : MatrixScopes.NewDeviceId();
        if (devices.Count == 0) scopes.Add(MatrixScopes.Device(deviceId));

        await directory.RequireSynapse().UpsertDeviceAsync(localpart, deviceId, ct: http.RequestAborted).ConfigureAwait(false);

        var identity = new ClaimsIdentity(Scheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, localpart).SetClaim(Claims.Name, localpart).SetClaim("device_id", deviceId);
        identity.SetScopes([.. scopes, Scopes.OfflineAccess]); // MAS always issues refresh tokens
        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await applications.FindByClientIdAsync(clientId, http.RequestAborted).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Unknown client {clientId}.");
        var authorizations = services.GetRequiredService<IOpenIddictAuthorizationManager>();
        var authorization = await authorizations.CreateAsync(identity, localpart,
            (await applications.GetIdAsync(application, http.RequestAborted).ConfigureAwait(false))!,
            AuthorizationTypes.AdHoc, [.. scopes], http.RequestAborted).ConfigureAwait(false);
        var authorizationId = (await authorizations.GetIdAsync(authorization, http.RequestAborted).ConfigureAwait(false))!;
        identity.SetAuthorizationId(authorizationId);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        directory.AddGrant(authorizationId, new StandInGrant(localpart, deviceId, scopes, clientId));
        return new ClaimsPrincipal(identity);
    }

    private static AuthenticationProperties Error(string error, string description) => new(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    });

    public static async Task HtmlAsync(HttpContext http, string html, int status)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(html, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task JsonAsync(HttpContext http, JsonNode body, int status)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted).ConfigureAwait(false);
    }
}
