namespace Matrix.Complement.Harness.Clients;

/// <summary>How a client trusts another user's identity.</summary>
/// <param name="Verified">The user's identity is verified now.</param>
/// <param name="WasVerified">It was verified before (a change since is a verification violation).</param>
/// <param name="NeedsUserApproval">The identity changed since it was pinned and the user must approve (TOFU).</param>
public sealed record UserVerificationStatus(bool Verified, bool WasVerified, bool NeedsUserApproval);

/// <summary>How a client trusts one device.</summary>
/// <param name="Known">The client knows the device at all.</param>
/// <param name="Verified">The SDK's overall verdict.</param>
/// <param name="LocallyVerified">Verified on this device (e.g. by SAS).</param>
/// <param name="CrossSigningVerified">Signed by its owner's verified cross-signing identity.</param>
/// <param name="SignedByOwner">Signed by its owner's current cross-signing identity, verified or not (what MSC4153's
/// "only cross-signed devices" mode requires).</param>
public sealed record DeviceVerificationStatus(bool Known, bool Verified, bool LocallyVerified, bool CrossSigningVerified,
    bool SignedByOwner = false);

/// <summary>
/// One change of a user's identity trust that a client pushed (js-sdk <c>CryptoEvent.UserTrustStatusChanged</c>):
/// the status right after the change.
/// </summary>
/// <param name="UserId">Whose identity.</param>
/// <param name="Status">The status after the change.</param>
/// <param name="AtMs">When the driver saw it (epoch milliseconds, the driver's clock).</param>
public sealed record UserTrustChange(string UserId, UserVerificationStatus Status, double AtMs);
