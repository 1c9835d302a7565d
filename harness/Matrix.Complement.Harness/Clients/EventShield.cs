namespace Matrix.Complement.Harness.Clients;

/// <summary>The shield a client shows next to an event.</summary>
/// <param name="Colour">None, grey or red.</param>
/// <param name="Reason">Why, or null for no shield.</param>
public sealed record EventShield(ShieldColour Colour, ShieldReason? Reason);

/// <summary>Shield colours.</summary>
public enum ShieldColour
{
    /// <summary>No shield.</summary>
    None,

    /// <summary>Grey: a caveat.</summary>
    Grey,

    /// <summary>Red: a warning.</summary>
    Red,
}

/// <summary>Shield reasons (matrix-js-sdk's <c>EventShieldReason</c>; the protocol uses their lower-case names).</summary>
public enum ShieldReason
{
    /// <summary>unknown</summary>
    Unknown,
    /// <summary>unverified_identity</summary>
    UnverifiedIdentity,
    /// <summary>unsigned_device</summary>
    UnsignedDevice,
    /// <summary>unknown_device</summary>
    UnknownDevice,
    /// <summary>authenticity_not_guaranteed</summary>
    AuthenticityNotGuaranteed,
    /// <summary>mismatched_sender_key</summary>
    MismatchedSenderKey,
    /// <summary>sent_in_clear</summary>
    SentInClear,
    /// <summary>verification_violation</summary>
    VerificationViolation,
    /// <summary>mismatched_sender</summary>
    MismatchedSender,
}
