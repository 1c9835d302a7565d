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
public sealed record DeviceVerificationStatus(bool Known, bool Verified, bool LocallyVerified, bool CrossSigningVerified);
