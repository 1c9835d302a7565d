namespace Matrix.Complement.Harness.Clients;

/// <summary>A verification request one device sent to another.</summary>
/// <param name="TransactionId">Identifies the flow on both devices.</param>
/// <param name="OtherUserId">The user on the other side.</param>
/// <param name="OtherDeviceId">The device on the other side, when known.</param>
public sealed record VerificationRequest(string TransactionId, string OtherUserId, string? OtherDeviceId);

/// <summary>One SAS emoji, as the spec lists them (e.g. 🐶 "Dog").</summary>
public sealed record SasEmoji(string Symbol, string Name)
{
    /// <inheritdoc />
    public override string ToString() => $"{Symbol} {Name}";
}
