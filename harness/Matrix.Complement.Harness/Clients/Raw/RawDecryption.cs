namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>What the raw device made of an encrypted room event.</summary>
/// <param name="State">Decrypted or failed.</param>
/// <param name="Type">The clear event type, when decrypted.</param>
/// <param name="Content">The clear content, when decrypted.</param>
/// <param name="FailureCode">Why it is a UTD, when failed.</param>
/// <param name="SessionId">The Megolm session id the event names.</param>
/// <param name="Detail">The underlying reason of a failure, for diagnostics.</param>
public sealed record RawDecryption(DecryptionState State, string? Type, JsonObject? Content,
    DecryptionFailureCode? FailureCode, string? SessionId, string? Detail)
{
    /// <summary>A UTD with a code and the reason behind it.</summary>
    public static RawDecryption Failed(DecryptionFailureCode code, string? sessionId, string detail) =>
        new(DecryptionState.Failed, null, null, code, sessionId, detail);
}
