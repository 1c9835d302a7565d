namespace Matrix.Complement.Harness.Clients.Raw;

// What the raw device does not do: cross-signing, key backup, verification, trust, shields, isolation.
// Each member throws, naming the kind and the member, so a scenario can never pass on a pretended success.
public sealed partial class RawClient
{
    private NotSupportedException Unsupported(string member, string why) =>
        new($"The raw client kind does not implement IClient.{member} ({Who}): {why}.");

    private const string NoCrossSigning = "the raw device only bootstraps cross-signing and signs itself";
    private const string NoBackup = "the raw device has no server-side key backup";
    private const string NoVerification = "the raw device does not do SAS verification";
    private const string NoTrust = "the raw device keeps no trust state (it never verifies anyone)";

    /// <inheritdoc />
    public Task ResetCrossSigningIdentityAsync(CancellationToken ct = default) =>
        throw Unsupported(nameof(ResetCrossSigningIdentityAsync), NoCrossSigning);

    /// <inheritdoc />
    public Task CrossSignOwnDeviceAsync(string deviceId, CancellationToken ct = default) =>
        throw Unsupported(nameof(CrossSignOwnDeviceAsync), NoCrossSigning);

    /// <inheritdoc />
    public Task<KeyBackup> EnableKeyBackupAsync(CancellationToken ct = default) =>
        throw Unsupported(nameof(EnableKeyBackupAsync), NoBackup);

    /// <inheritdoc />
    public Task WaitForKeyBackupAsync(string roomId, TimeSpan? timeout = null, CancellationToken ct = default) =>
        throw Unsupported(nameof(WaitForKeyBackupAsync), NoBackup);

    /// <inheritdoc />
    public Task<KeyBackupRestore> RestoreKeyBackupAsync(RecoveryKey recoveryKey, CancellationToken ct = default) =>
        throw Unsupported(nameof(RestoreKeyBackupAsync), NoBackup);

    /// <inheritdoc />
    public Task<VerificationRequest> RequestOwnDeviceVerificationAsync(CancellationToken ct = default) =>
        throw Unsupported(nameof(RequestOwnDeviceVerificationAsync), NoVerification);

    /// <inheritdoc />
    public Task<VerificationRequest> RequestVerificationAsync(string userId, string deviceId, CancellationToken ct = default) =>
        throw Unsupported(nameof(RequestVerificationAsync), NoVerification);

    /// <inheritdoc />
    public Task<VerificationRequest> WaitForVerificationRequestAsync(string? transactionId = null, TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        throw Unsupported(nameof(WaitForVerificationRequestAsync), NoVerification);

    /// <inheritdoc />
    public Task AcceptVerificationAsync(string transactionId, CancellationToken ct = default) =>
        throw Unsupported(nameof(AcceptVerificationAsync), NoVerification);

    /// <inheritdoc />
    public Task StartSasAsync(string transactionId, CancellationToken ct = default) =>
        throw Unsupported(nameof(StartSasAsync), NoVerification);

    /// <inheritdoc />
    public Task<IReadOnlyList<SasEmoji>> WaitForSasEmojiAsync(string transactionId, TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        throw Unsupported(nameof(WaitForSasEmojiAsync), NoVerification);

    /// <inheritdoc />
    public Task ConfirmSasAsync(string transactionId, bool matches, CancellationToken ct = default) =>
        throw Unsupported(nameof(ConfirmSasAsync), NoVerification);

    /// <inheritdoc />
    public Task WaitForVerificationDoneAsync(string transactionId, TimeSpan? timeout = null, CancellationToken ct = default) =>
        throw Unsupported(nameof(WaitForVerificationDoneAsync), NoVerification);

    /// <inheritdoc />
    public Task SetDeviceIsolationModeAsync(DeviceIsolationMode mode, CancellationToken ct = default) =>
        throw Unsupported(nameof(SetDeviceIsolationModeAsync), "the raw device encrypts to every valid device, with no trust policy");

    /// <inheritdoc />
    public Task<UserVerificationStatus> GetUserVerificationStatusAsync(string userId, CancellationToken ct = default) =>
        throw Unsupported(nameof(GetUserVerificationStatusAsync), NoTrust);

    /// <inheritdoc />
    public Task<UserVerificationStatus> WaitForUserVerificationStatusAsync(string userId,
        Func<UserVerificationStatus, bool> predicate, string expectation, TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        throw Unsupported(nameof(WaitForUserVerificationStatusAsync), NoTrust);

    /// <inheritdoc />
    public Task<UserTrustChange> WaitForTrustChangeAsync(string userId, Func<UserTrustChange, bool> predicate,
        string expectation, TimeSpan? timeout = null, CancellationToken ct = default) =>
        throw Unsupported(nameof(WaitForTrustChangeAsync), NoTrust);

    /// <inheritdoc />
    public Task<IReadOnlyList<UserTrustChange>> GetTrustChangesAsync(string? userId = null, CancellationToken ct = default) =>
        throw Unsupported(nameof(GetTrustChangesAsync), NoTrust);

    /// <inheritdoc />
    public Task PinIdentityAsync(string userId, CancellationToken ct = default) =>
        throw Unsupported(nameof(PinIdentityAsync), NoTrust);

    /// <inheritdoc />
    public Task WithdrawVerificationRequirementAsync(string userId, CancellationToken ct = default) =>
        throw Unsupported(nameof(WithdrawVerificationRequirementAsync), NoTrust);

    /// <inheritdoc />
    public Task<EventShield> GetEventShieldAsync(string roomId, string eventId, CancellationToken ct = default) =>
        throw Unsupported(nameof(GetEventShieldAsync), "the raw device computes no shields");
}
