namespace Matrix.Complement.Harness.Clients;

/// <summary>
/// One Matrix device driven through an SDK: the one interface scenarios use. Every member documents when it
/// returns. Members throw <see cref="ExpectationFailedException"/> when the product misbehaves (with actor, kind,
/// server, expectation, elapsed time and observations) and let other exceptions through when the harness or
/// environment broke; <c>Try…</c> members return a <see cref="Result{T}"/> where the failure is under test.
/// Waits take their budget from <see cref="Waiting.Timeouts"/> unless given one.
/// </summary>
public interface IClient : IAsyncDisposable
{
    /// <summary>The actor's name in the scenario (<c>alice</c>).</summary>
    string Actor { get; }

    /// <summary>The SDK behind this client.</summary>
    ClientKind Kind { get; }

    /// <summary>The logical homeserver name (<c>hs1</c>).</summary>
    string Homeserver { get; }

    /// <summary>The user id.</summary>
    string UserId { get; }

    /// <summary>This device's id.</summary>
    string DeviceId { get; }

    /// <summary>How this client syncs.</summary>
    SyncMode SyncMode { get; }

    /// <summary>What this kind can do beyond the basics (known once <see cref="StartAsync"/> has returned).</summary>
    IReadOnlySet<ClientFeature> Features { get; }

    /// <summary>
    /// Starts the client (again, after <see cref="CloseAsync"/> or <see cref="CrashAsync"/>, from its persistent
    /// storage). Returns once the first sync has completed AND the homeserver holds this device's keys and
    /// one-time keys (checked on the server).
    /// </summary>
    Task StartAsync(CancellationToken ct = default);

    /// <summary>Creates a room. Returns its id once this client sees itself joined (and, if encrypted, sees the encryption state).</summary>
    Task<string> CreateRoomAsync(CreateRoomOptions? options = null, CancellationToken ct = default);

    /// <summary>
    /// Sets this user's display name (global profile). Returns when the homeserver accepted it; the homeserver then
    /// updates the user's member events in joined rooms (wait with <see cref="WaitForEventAsync"/> if that matters).
    /// </summary>
    Task SetDisplayNameAsync(string displayName, CancellationToken ct = default);

    /// <summary>Invites a user. Returns when the homeserver accepted the invite.</summary>
    Task InviteAsync(string roomId, string userId, CancellationToken ct = default);

    /// <summary>Joins a room (over federation through <paramref name="via"/>). Returns once this client sees itself joined.</summary>
    Task JoinAsync(string roomId, IReadOnlyList<string>? via = null, CancellationToken ct = default);

    /// <summary>Leaves a room. Returns when the homeserver accepted it.</summary>
    Task LeaveAsync(string roomId, CancellationToken ct = default);

    /// <summary>Kicks a user. Returns when the homeserver accepted it.</summary>
    Task KickAsync(string roomId, string userId, string? reason = null, CancellationToken ct = default);

    /// <summary>Bans a user. Returns when the homeserver accepted it.</summary>
    Task BanAsync(string roomId, string userId, string? reason = null, CancellationToken ct = default);

    /// <summary>Returns once this client sees <paramref name="userId"/> with <paramref name="membership"/> in the room.</summary>
    Task WaitForMembershipAsync(string roomId, string userId, Membership membership, TimeSpan? timeout = null,
        CancellationToken ct = default);

    /// <summary>Sends an <c>m.text</c> message. Returns once the event has an id (the homeserver accepted it).</summary>
    Task<SentEvent> SendTextAsync(string roomId, string body, CancellationToken ct = default);

    /// <summary>
    /// Returns the client's view of the first event in the room that satisfies <paramref name="predicate"/>,
    /// as soon as one does (events already seen count). Throws on timeout with every event the client has in
    /// that room.
    /// </summary>
    Task<TimelineEvent> WaitForEventAsync(string roomId, Func<TimelineEvent, bool> predicate, string expectation,
        TimeSpan? timeout = null, CancellationToken ct = default);

    /// <summary>Like <see cref="WaitForEventAsync"/>, but a timeout is a failed result, not an exception.</summary>
    Task<Result<TimelineEvent>> TryWaitForEventAsync(string roomId, Func<TimelineEvent, bool> predicate,
        string expectation, TimeSpan? timeout = null, CancellationToken ct = default);

    /// <summary>The client's current view of the room's events, oldest first.</summary>
    Task<IReadOnlyList<TimelineEvent>> GetTimelineAsync(string roomId, CancellationToken ct = default);

    /// <summary>Back-paginates up to <paramref name="limit"/> events. Returns when they are in the client's view; true if the start of the room was reached.</summary>
    Task<bool> BackPaginateAsync(string roomId, int limit = 20, CancellationToken ct = default);

    /// <summary>Whether the client considers the room encrypted. Returns immediately from the client's state.</summary>
    Task<bool> IsRoomEncryptedAsync(string roomId, CancellationToken ct = default);

    /// <summary>Bootstraps cross-signing (password UIA). Returns once the keys are uploaded and the client reports it ready.</summary>
    Task BootstrapCrossSigningAsync(CancellationToken ct = default);

    /// <summary>
    /// Replaces this user's cross-signing identity with a new one (new master, self-signing and user-signing keys;
    /// password UIA), as a user does who lost their recovery key. Returns once the new public keys are on the
    /// homeserver, this device is signed by the new self-signing key and the client reports cross-signing ready.
    /// Other users' clients learn of the change through their next device-list update.
    /// </summary>
    Task ResetCrossSigningIdentityAsync(CancellationToken ct = default);

    /// <summary>
    /// Signs another device of this user with this device's self-signing key (which this device must hold). First
    /// waits (<see cref="Waiting.Timeouts.MessageDelivery"/>) until this device's own device list shows the other
    /// device, which a new login reaches only through a device-list update. Returns once the signature is uploaded
    /// to the homeserver.
    /// </summary>
    Task CrossSignOwnDeviceAsync(string deviceId, CancellationToken ct = default);

    /// <summary>
    /// Bootstraps cross-signing, secret storage with a new recovery key and a new key backup. Returns once the
    /// backup is active on this device. The recovery key is registered for redaction.
    /// </summary>
    Task<KeyBackup> EnableKeyBackupAsync(CancellationToken ct = default);

    /// <summary>Returns once the server's key backup holds every megolm session this client has seen used in the room.</summary>
    Task WaitForKeyBackupAsync(string roomId, TimeSpan? timeout = null, CancellationToken ct = default);

    /// <summary>Restores room keys from key backup with a recovery key. Returns when the import is finished; undecrypted events are retried by the SDK.</summary>
    Task<KeyBackupRestore> RestoreKeyBackupAsync(RecoveryKey recoveryKey, CancellationToken ct = default);

    /// <summary>Requests verification from this user's other devices. Returns once the request is sent.</summary>
    Task<VerificationRequest> RequestOwnDeviceVerificationAsync(CancellationToken ct = default);

    /// <summary>
    /// Requests SAS verification with one device of another user (or of this user), over to-device messages.
    /// Returns once the request is sent. Continue with <see cref="WaitForVerificationRequestAsync"/> on the other
    /// side, then the SAS members; when done, each side considers the other's identity verified (both sides need
    /// cross-signing for that).
    /// </summary>
    Task<VerificationRequest> RequestVerificationAsync(string userId, string deviceId, CancellationToken ct = default);

    /// <summary>Returns the first verification request this device received (optionally a given one), waiting for it.</summary>
    Task<VerificationRequest> WaitForVerificationRequestAsync(string? transactionId = null, TimeSpan? timeout = null,
        CancellationToken ct = default);

    /// <summary>Accepts a received request. Returns once the acceptance is sent.</summary>
    Task AcceptVerificationAsync(string transactionId, CancellationToken ct = default);

    /// <summary>Starts SAS on a request the other side accepted. Returns once the start is sent (waiting for "ready" first).</summary>
    Task StartSasAsync(string transactionId, CancellationToken ct = default);

    /// <summary>Returns the SAS emoji this device shows, once both sides exchanged keys.</summary>
    Task<IReadOnlyList<SasEmoji>> WaitForSasEmojiAsync(string transactionId, TimeSpan? timeout = null,
        CancellationToken ct = default);

    /// <summary>Tells the SDK whether the emoji matched (the harness compares them). Returns once the answer is sent.</summary>
    Task ConfirmSasAsync(string transactionId, bool matches, CancellationToken ct = default);

    /// <summary>Returns once the verification is done on this device; throws if it was cancelled.</summary>
    Task WaitForVerificationDoneAsync(string transactionId, TimeSpan? timeout = null, CancellationToken ct = default);

    /// <summary>Returns once this client knows the given device (its device list includes it).</summary>
    Task WaitForDeviceAsync(string userId, string deviceId, TimeSpan? timeout = null, CancellationToken ct = default);

    /// <summary>Sets the device isolation mode. Takes effect for the next encryption and decryption.</summary>
    Task SetDeviceIsolationModeAsync(DeviceIsolationMode mode, CancellationToken ct = default);

    /// <summary>This client's trust in a user's identity, now.</summary>
    Task<UserVerificationStatus> GetUserVerificationStatusAsync(string userId, CancellationToken ct = default);

    /// <summary>
    /// Returns this client's trust in a user's identity as soon as it satisfies <paramref name="predicate"/> (re-read
    /// after each pushed trust change, device-list update and sync). Throws on timeout with every status read.
    /// </summary>
    Task<UserVerificationStatus> WaitForUserVerificationStatusAsync(string userId,
        Func<UserVerificationStatus, bool> predicate, string expectation, TimeSpan? timeout = null,
        CancellationToken ct = default);

    /// <summary>
    /// Returns this client's trust in one device as soon as it satisfies <paramref name="predicate"/> (re-read
    /// after each pushed trust change, device-list update and sync). Throws on timeout with every status read.
    /// </summary>
    Task<DeviceVerificationStatus> WaitForDeviceVerificationStatusAsync(string userId, string deviceId,
        Func<DeviceVerificationStatus, bool> predicate, string expectation, TimeSpan? timeout = null,
        CancellationToken ct = default);

    /// <summary>
    /// Returns the first identity trust change this client pushed for <paramref name="userId"/> since it was last
    /// started that satisfies <paramref name="predicate"/>, as soon as there is one (changes already pushed count).
    /// Throws on timeout with every change pushed for that user.
    /// </summary>
    Task<UserTrustChange> WaitForTrustChangeAsync(string userId, Func<UserTrustChange, bool> predicate, string expectation,
        TimeSpan? timeout = null, CancellationToken ct = default);

    /// <summary>
    /// The identity trust changes this client pushed since it was last started (oldest first), for
    /// <paramref name="userId"/> or for everyone. Returns immediately.
    /// </summary>
    Task<IReadOnlyList<UserTrustChange>> GetTrustChangesAsync(string? userId = null, CancellationToken ct = default);

    /// <summary>This client's trust in one device, now.</summary>
    Task<DeviceVerificationStatus> GetDeviceVerificationStatusAsync(string userId, string deviceId,
        CancellationToken ct = default);

    /// <summary>Pins the user's current identity (accepts a TOFU change). Returns when stored.</summary>
    Task PinIdentityAsync(string userId, CancellationToken ct = default);

    /// <summary>Withdraws the requirement that a previously verified user stays verified. Returns when stored.</summary>
    Task WithdrawVerificationRequirementAsync(string userId, CancellationToken ct = default);

    /// <summary>The shield the client shows for an event it has.</summary>
    Task<EventShield> GetEventShieldAsync(string roomId, string eventId, CancellationToken ct = default);

    /// <summary>Logs the device out on the server. Returns when the server accepted it; the client is then stopped.</summary>
    Task LogoutAsync(CancellationToken ct = default);

    /// <summary>Stops the client cleanly without logging out; its storage is kept for <see cref="StartAsync"/>.</summary>
    Task CloseAsync(CancellationToken ct = default);

    /// <summary>Stops the client uncleanly (a renderer crash or a killed process); storage is kept as the crash left it.</summary>
    Task CrashAsync(CancellationToken ct = default);

    /// <summary><see cref="CloseAsync"/> then <see cref="StartAsync"/>: same device, same persistent storage.</summary>
    Task RestartAsync(CancellationToken ct = default);

    /// <summary>Stops the client and deletes its persistent storage; the device cannot be started again.</summary>
    Task DeleteStorageAsync(CancellationToken ct = default);
}
