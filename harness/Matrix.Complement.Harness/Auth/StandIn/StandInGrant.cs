namespace Matrix.Complement.Harness.Auth.StandIn;

/// <summary>One session the stand-in granted: a user's device, bound to one OpenIddict authorization.</summary>
/// <param name="Localpart">The Synapse localpart.</param>
/// <param name="DeviceId">The device the session's tokens act as.</param>
/// <param name="Scopes">The granted scopes, the device scope included.</param>
/// <param name="ClientId">The OAuth client the session belongs to.</param>
public sealed record StandInGrant(string Localpart, string DeviceId, IReadOnlyList<string> Scopes, string ClientId);
