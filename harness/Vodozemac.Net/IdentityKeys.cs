namespace Vodozemac.Net;

/// <summary>A device's public identity keys, unpadded base64.</summary>
/// <param name="Curve25519">The Curve25519 key (Olm sessions, <c>sender_key</c>).</param>
/// <param name="Ed25519">The Ed25519 key (device signatures, the fingerprint).</param>
public sealed record IdentityKeys(string Curve25519, string Ed25519);
