namespace Vodozemac.Net;

/// <summary>An encrypted Olm message: its type and its body (unpadded base64), as in a to-device event.</summary>
/// <param name="Type">Pre-key (0) or normal (1).</param>
/// <param name="Body">The ciphertext, unpadded base64.</param>
public readonly record struct OlmMessage(OlmMessageType Type, string Body);
