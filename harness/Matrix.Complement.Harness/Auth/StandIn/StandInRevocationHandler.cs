using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Matrix.Complement.Harness.Auth.StandIn;

/// <summary>
/// After OpenIddict revoked a token at <c>/oauth2/revoke</c>: ends the whole session as MAS does (the authorization
/// and all its tokens) and deletes the device in Synapse, which drops Synapse's introspection cache for it at once.
/// </summary>
internal sealed class StandInRevocationHandler(
    StandInDirectory directory, IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens)
    : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<StandInRevocationHandler>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order + 1_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        if (context.IsRejected) return;
        var authorizationId = context.GenericTokenPrincipal?.GetAuthorizationId();
        var grant = directory.RemoveGrant(authorizationId);
        if (authorizationId is null || grant is null) return;
        var ct = context.CancellationToken;
        if (await authorizations.FindByIdAsync(authorizationId, ct).ConfigureAwait(false) is { } authorization)
            await authorizations.TryRevokeAsync(authorization, ct).ConfigureAwait(false);
        await foreach (var token in tokens.FindByAuthorizationIdAsync(authorizationId, ct).ConfigureAwait(false))
            await tokens.TryRevokeAsync(token, ct).ConfigureAwait(false);
        await directory.RequireSynapse().DeleteDeviceAsync(grant.Localpart, grant.DeviceId, ct).ConfigureAwait(false);
    }
}
