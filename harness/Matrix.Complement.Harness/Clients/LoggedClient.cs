using System.Diagnostics;
using Matrix.Complement.Harness.Clients.Protocol;

namespace Matrix.Complement.Harness.Clients;

/// <summary>
/// Wraps every <see cref="IClient"/> a scenario gets: each call becomes one line of the test's JSONL timeline
/// (<see cref="ClientTimelineLog"/>), with its arguments, its result or error, and how long it took.
/// </summary>
public sealed class LoggedClient(IClient inner, ClientTimelineLog log, string? testName) : IClient
{
    /// <summary>The wrapped client.</summary>
    public IClient Inner { get; } = inner;

    /// <inheritdoc />
    public string Actor => Inner.Actor;
    /// <inheritdoc />
    public ClientKind Kind => Inner.Kind;
    /// <inheritdoc />
    public string Homeserver => Inner.Homeserver;
    /// <inheritdoc />
    public string UserId => Inner.UserId;
    /// <inheritdoc />
    public string DeviceId => Inner.DeviceId;
    /// <inheritdoc />
    public SyncMode SyncMode => Inner.SyncMode;
    /// <inheritdoc />
    public IReadOnlySet<ClientFeature> Features => Inner.Features;

    private async Task<T> Call<T>(string call, object? args, Func<Task<T>> run, Func<T, object?>? show = null)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await run().ConfigureAwait(false);
            Write(call, args, clock, show is null ? result : show(result), null);
            return result;
        }
        catch (Exception e)
        {
            Write(call, args, clock, null, e);
            throw;
        }
    }

    private Task Call(string call, object? args, Func<Task> run) =>
        Call<object?>(call, args, async () => { await run().ConfigureAwait(false); return null; });

    private void Write(string call, object? args, Stopwatch clock, object? result, Exception? error)
    {
        var line = new JsonObject
        {
            ["ts"] = DateTimeOffset.UtcNow.ToString("O"),
            ["test"] = testName,
            ["actor"] = Actor,
            ["kind"] = ClientMatrix.ShortName(Kind),
            ["homeserver"] = Homeserver,
            ["device"] = DeviceId,
            ["call"] = call,
            ["args"] = args is null ? null : JsonSerializer.SerializeToNode(args, DriverProtocol.Json),
            ["elapsedMs"] = Math.Round(clock.Elapsed.TotalMilliseconds, 1),
        };
        if (error is null) line["result"] = result is null ? null : JsonSerializer.SerializeToNode(result, DriverProtocol.Json);
        else line["error"] = $"{error.GetType().Name}: {error.Message}";
        log.Write(line);
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken ct = default) => Call("Start", new { SyncMode }, () => Inner.StartAsync(ct));
    /// <inheritdoc />
    public Task<string> CreateRoomAsync(CreateRoomOptions? options = null, CancellationToken ct = default) =>
        Call("CreateRoom", options, () => Inner.CreateRoomAsync(options, ct));
    /// <inheritdoc />
    public Task SetDisplayNameAsync(string displayName, CancellationToken ct = default) =>
        Call("SetDisplayName", new { displayName }, () => Inner.SetDisplayNameAsync(displayName, ct));
    /// <inheritdoc />
    public Task InviteAsync(string roomId, string userId, CancellationToken ct = default) =>
        Call("Invite", new { roomId, userId }, () => Inner.InviteAsync(roomId, userId, ct));
    /// <inheritdoc />
    public Task JoinAsync(string roomId, IReadOnlyList<string>? via = null, CancellationToken ct = default) =>
        Call("Join", new { roomId, via }, () => Inner.JoinAsync(roomId, via, ct));
    /// <inheritdoc />
    public Task LeaveAsync(string roomId, CancellationToken ct = default) =>
        Call("Leave", new { roomId }, () => Inner.LeaveAsync(roomId, ct));
    /// <inheritdoc />
    public Task KickAsync(string roomId, string userId, string? reason = null, CancellationToken ct = default) =>
        Call("Kick", new { roomId, userId, reason }, () => Inner.KickAsync(roomId, userId, reason, ct));
    /// <inheritdoc />
    public Task BanAsync(string roomId, string userId, string? reason = null, CancellationToken ct = default) =>
        Call("Ban", new { roomId, userId, reason }, () => Inner.BanAsync(roomId, userId, reason, ct));
    /// <inheritdoc />
    public Task WaitForMembershipAsync(string roomId, string userId, Membership membership, TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        Call("WaitForMembership", new { roomId, userId, membership = membership.ToString() },
            () => Inner.WaitForMembershipAsync(roomId, userId, membership, timeout, ct));
    /// <inheritdoc />
    public Task<SentEvent> SendTextAsync(string roomId, string body, CancellationToken ct = default) =>
        Call("SendText", new { roomId, body }, () => Inner.SendTextAsync(roomId, body, ct));
    /// <inheritdoc />
    public Task<TimelineEvent> WaitForEventAsync(string roomId, Func<TimelineEvent, bool> predicate, string expectation,
        TimeSpan? timeout = null, CancellationToken ct = default) =>
        Call("WaitForEvent", new { roomId, expectation }, () => Inner.WaitForEventAsync(roomId, predicate, expectation, timeout, ct));
    /// <inheritdoc />
    public Task<Result<TimelineEvent>> TryWaitForEventAsync(string roomId, Func<TimelineEvent, bool> predicate,
        string expectation, TimeSpan? timeout = null, CancellationToken ct = default) =>
        Call("TryWaitForEvent", new { roomId, expectation },
            () => Inner.TryWaitForEventAsync(roomId, predicate, expectation, timeout, ct), r => r.ToString());
    /// <inheritdoc />
    public Task<IReadOnlyList<TimelineEvent>> GetTimelineAsync(string roomId, CancellationToken ct = default) =>
        Call("GetTimeline", new { roomId }, () => Inner.GetTimelineAsync(roomId, ct), r => new { count = r.Count });
    /// <inheritdoc />
    public Task<bool> BackPaginateAsync(string roomId, int limit = 20, CancellationToken ct = default) =>
        Call("BackPaginate", new { roomId, limit }, () => Inner.BackPaginateAsync(roomId, limit, ct));
    /// <inheritdoc />
    public Task<bool> IsRoomEncryptedAsync(string roomId, CancellationToken ct = default) =>
        Call("IsRoomEncrypted", new { roomId }, () => Inner.IsRoomEncryptedAsync(roomId, ct));
    /// <inheritdoc />
    public Task BootstrapCrossSigningAsync(CancellationToken ct = default) =>
        Call("BootstrapCrossSigning", null, () => Inner.BootstrapCrossSigningAsync(ct));
    /// <inheritdoc />
    public Task ResetCrossSigningIdentityAsync(CancellationToken ct = default) =>
        Call("ResetCrossSigningIdentity", null, () => Inner.ResetCrossSigningIdentityAsync(ct));
    /// <inheritdoc />
    public Task CrossSignOwnDeviceAsync(string deviceId, CancellationToken ct = default) =>
        Call("CrossSignOwnDevice", new { deviceId }, () => Inner.CrossSignOwnDeviceAsync(deviceId, ct));
    /// <inheritdoc />
    public Task<KeyBackup> EnableKeyBackupAsync(CancellationToken ct = default) =>
        Call("EnableKeyBackup", null, () => Inner.EnableKeyBackupAsync(ct), r => new { r.Version });
    /// <inheritdoc />
    public Task WaitForKeyBackupAsync(string roomId, TimeSpan? timeout = null, CancellationToken ct = default) =>
        Call("WaitForKeyBackup", new { roomId }, () => Inner.WaitForKeyBackupAsync(roomId, timeout, ct));
    /// <inheritdoc />
    public Task<KeyBackupRestore> RestoreKeyBackupAsync(RecoveryKey recoveryKey, CancellationToken ct = default) =>
        Call("RestoreKeyBackup", null, () => Inner.RestoreKeyBackupAsync(recoveryKey, ct));
    /// <inheritdoc />
    public Task<VerificationRequest> RequestOwnDeviceVerificationAsync(CancellationToken ct = default) =>
        Call("RequestOwnDeviceVerification", null, () => Inner.RequestOwnDeviceVerificationAsync(ct));
    /// <inheritdoc />
    public Task<VerificationRequest> RequestVerificationAsync(string userId, string deviceId, CancellationToken ct = default) =>
        Call("RequestVerification", new { userId, deviceId }, () => Inner.RequestVerificationAsync(userId, deviceId, ct));
    /// <inheritdoc />
    public Task<VerificationRequest> WaitForVerificationRequestAsync(string? transactionId = null, TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        Call("WaitForVerificationRequest", new { transactionId }, () => Inner.WaitForVerificationRequestAsync(transactionId, timeout, ct));
    /// <inheritdoc />
    public Task AcceptVerificationAsync(string transactionId, CancellationToken ct = default) =>
        Call("AcceptVerification", new { transactionId }, () => Inner.AcceptVerificationAsync(transactionId, ct));
    /// <inheritdoc />
    public Task StartSasAsync(string transactionId, CancellationToken ct = default) =>
        Call("StartSas", new { transactionId }, () => Inner.StartSasAsync(transactionId, ct));
    /// <inheritdoc />
    public Task<IReadOnlyList<SasEmoji>> WaitForSasEmojiAsync(string transactionId, TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        Call("WaitForSasEmoji", new { transactionId }, () => Inner.WaitForSasEmojiAsync(transactionId, timeout, ct),
            r => string.Join(" ", r));
    /// <inheritdoc />
    public Task ConfirmSasAsync(string transactionId, bool matches, CancellationToken ct = default) =>
        Call("ConfirmSas", new { transactionId, matches }, () => Inner.ConfirmSasAsync(transactionId, matches, ct));
    /// <inheritdoc />
    public Task WaitForVerificationDoneAsync(string transactionId, TimeSpan? timeout = null, CancellationToken ct = default) =>
        Call("WaitForVerificationDone", new { transactionId }, () => Inner.WaitForVerificationDoneAsync(transactionId, timeout, ct));
    /// <inheritdoc />
    public Task WaitForDeviceAsync(string userId, string deviceId, TimeSpan? timeout = null, CancellationToken ct = default) =>
        Call("WaitForDevice", new { userId, deviceId }, () => Inner.WaitForDeviceAsync(userId, deviceId, timeout, ct));
    /// <inheritdoc />
    public Task SetDeviceIsolationModeAsync(DeviceIsolationMode mode, CancellationToken ct = default) =>
        Call("SetDeviceIsolationMode", new { mode = mode.ToString() }, () => Inner.SetDeviceIsolationModeAsync(mode, ct));
    /// <inheritdoc />
    public Task<UserVerificationStatus> GetUserVerificationStatusAsync(string userId, CancellationToken ct = default) =>
        Call("GetUserVerificationStatus", new { userId }, () => Inner.GetUserVerificationStatusAsync(userId, ct));
    /// <inheritdoc />
    public Task<DeviceVerificationStatus> GetDeviceVerificationStatusAsync(string userId, string deviceId,
        CancellationToken ct = default) =>
        Call("GetDeviceVerificationStatus", new { userId, deviceId }, () => Inner.GetDeviceVerificationStatusAsync(userId, deviceId, ct));
    /// <inheritdoc />
    public Task<UserVerificationStatus> WaitForUserVerificationStatusAsync(string userId,
        Func<UserVerificationStatus, bool> predicate, string expectation, TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        Call("WaitForUserVerificationStatus", new { userId, expectation },
            () => Inner.WaitForUserVerificationStatusAsync(userId, predicate, expectation, timeout, ct));
    /// <inheritdoc />
    public Task<DeviceVerificationStatus> WaitForDeviceVerificationStatusAsync(string userId, string deviceId,
        Func<DeviceVerificationStatus, bool> predicate, string expectation, TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        Call("WaitForDeviceVerificationStatus", new { userId, deviceId, expectation },
            () => Inner.WaitForDeviceVerificationStatusAsync(userId, deviceId, predicate, expectation, timeout, ct));
    /// <inheritdoc />
    public Task<UserTrustChange> WaitForTrustChangeAsync(string userId, Func<UserTrustChange, bool> predicate,
        string expectation, TimeSpan? timeout = null, CancellationToken ct = default) =>
        Call("WaitForTrustChange", new { userId, expectation },
            () => Inner.WaitForTrustChangeAsync(userId, predicate, expectation, timeout, ct));
    /// <inheritdoc />
    public Task<IReadOnlyList<UserTrustChange>> GetTrustChangesAsync(string? userId = null, CancellationToken ct = default) =>
        Call("GetTrustChanges", new { userId }, () => Inner.GetTrustChangesAsync(userId, ct));
    /// <inheritdoc />
    public Task PinIdentityAsync(string userId, CancellationToken ct = default) =>
        Call("PinIdentity", new { userId }, () => Inner.PinIdentityAsync(userId, ct));
    /// <inheritdoc />
    public Task WithdrawVerificationRequirementAsync(string userId, CancellationToken ct = default) =>
        Call("WithdrawVerificationRequirement", new { userId }, () => Inner.WithdrawVerificationRequirementAsync(userId, ct));
    /// <inheritdoc />
    public Task<EventShield> GetEventShieldAsync(string roomId, string eventId, CancellationToken ct = default) =>
        Call("GetEventShield", new { roomId, eventId }, () => Inner.GetEventShieldAsync(roomId, eventId, ct));
    /// <inheritdoc />
    public Task LogoutAsync(CancellationToken ct = default) => Call("Logout", null, () => Inner.LogoutAsync(ct));
    /// <inheritdoc />
    public Task CloseAsync(CancellationToken ct = default) => Call("Close", null, () => Inner.CloseAsync(ct));
    /// <inheritdoc />
    public Task CrashAsync(CancellationToken ct = default) => Call("Crash", null, () => Inner.CrashAsync(ct));
    /// <inheritdoc />
    public Task RestartAsync(CancellationToken ct = default) => Call("Restart", null, () => Inner.RestartAsync(ct));
    /// <inheritdoc />
    public Task DeleteStorageAsync(CancellationToken ct = default) =>
        Call("DeleteStorage", null, () => Inner.DeleteStorageAsync(ct));
    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Call("Dispose", null, () => Inner.DisposeAsync().AsTask()).ConfigureAwait(false);

    /// <inheritdoc />
    public override string ToString() => Inner.ToString() ?? Actor;
}
