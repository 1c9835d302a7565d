namespace Matrix.Complement.Harness.Clients;

/// <summary>A client's view of one timeline event, as its SDK shows it to the user.</summary>
/// <param name="RoomId">The room.</param>
/// <param name="EventId">The event id.</param>
/// <param name="Type">The clear type (<c>m.room.message</c>), or <c>m.room.encrypted</c> while undecrypted.</param>
/// <param name="Sender">The sender's user id.</param>
/// <param name="SenderDevice">The sender's device id, when the client knows it.</param>
/// <param name="Body">The message body, when there is one and it is readable.</param>
/// <param name="Encrypted">Whether the event was encrypted on the wire.</param>
/// <param name="Decryption">Plain, pending, decrypted or failed (UTD).</param>
/// <param name="FailureCode">Why it is a UTD, when <see cref="Decryption"/> is <see cref="DecryptionState.Failed"/>.</param>
/// <param name="SessionId">The megolm session id, for encrypted events.</param>
/// <param name="ObservedAtMs">Epoch milliseconds at which the client reached this state (for latency).</param>
public sealed record TimelineEvent(
    string RoomId,
    string EventId,
    string Type,
    string Sender,
    string? SenderDevice,
    string? Body,
    bool Encrypted,
    DecryptionState Decryption,
    DecryptionFailureCode? FailureCode,
    string? SessionId,
    double ObservedAtMs)
{
    /// <summary>True for a readable event: plain or decrypted.</summary>
    public bool IsReadable => Decryption is DecryptionState.Plain or DecryptionState.Decrypted;

    /// <summary>True for an unable-to-decrypt event.</summary>
    public bool IsUnableToDecrypt => Decryption == DecryptionState.Failed;

    /// <summary>One line for failure messages: id, sender and device, state, code and session.</summary>
    public override string ToString() =>
        $"{EventId} from {Sender}{(SenderDevice is null ? "" : "/" + SenderDevice)} {Type} {Decryption}" +
        (FailureCode is { } code ? $" ({code.ToProtocolName()})" : "") +
        (SessionId is null ? "" : $" session {SessionId}") +
        (Body is null ? "" : $" \"{(Body.Length > 60 ? Body[..60] + "…" : Body)}\"");
}
