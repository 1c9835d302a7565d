namespace Vodozemac.Net;

/// <summary>The result of creating an inbound Olm session from a pre-key message.</summary>
/// <param name="Session">The new session (the caller owns and disposes it).</param>
/// <param name="Plaintext">The decrypted content of the pre-key message.</param>
public sealed record InboundSessionResult(Session Session, byte[] Plaintext);
