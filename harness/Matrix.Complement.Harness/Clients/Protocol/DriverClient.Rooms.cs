using Matrix.Complement.Harness.Waiting;

namespace Matrix.Complement.Harness.Clients.Protocol;

// Rooms and messages: the protocol commands of PROTOCOL.md "Rooms and messages".
public abstract partial class DriverClient
{
    /// <inheritdoc />
    public async Task<string> CreateRoomAsync(CreateRoomOptions? options = null, CancellationToken ct = default)
    {
        options ??= new CreateRoomOptions();
        var r = await InvokeAsync("createRoom", new
        {
            encrypted = options.Encrypted, invite = options.Invite, name = options.Name,
            historyVisibility = options.HistoryVisibility?.ToProtocolName(),
            rotationPeriodMsgs = options.RotationPeriodMessages, rotationPeriodMs = options.RotationPeriodMs,
            timeoutMs = Ms(null, Timeouts.MessageDelivery),
        }, ct).ConfigureAwait(false);
        return r!["roomId"]!.GetValue<string>();
    }

    /// <inheritdoc />
    public Task SetDisplayNameAsync(string displayName, CancellationToken ct = default) =>
        InvokeAsync("setDisplayName", new { displayName }, ct);

    /// <inheritdoc />
    public Task InviteAsync(string roomId, string userId, CancellationToken ct = default) =>
        InvokeAsync("invite", new { roomId, userId }, ct);

    /// <inheritdoc />
    public Task JoinAsync(string roomId, IReadOnlyList<string>? via = null, CancellationToken ct = default) =>
        InvokeAsync("join", new { roomId, via = via ?? [], timeoutMs = Ms(null, Timeouts.MessageDelivery) }, ct);

    /// <inheritdoc />
    public Task LeaveAsync(string roomId, CancellationToken ct = default) => InvokeAsync("leave", new { roomId }, ct);

    /// <inheritdoc />
    public Task KickAsync(string roomId, string userId, string? reason = null, CancellationToken ct = default) =>
        InvokeAsync("kick", new { roomId, userId, reason }, ct);

    /// <inheritdoc />
    public Task BanAsync(string roomId, string userId, string? reason = null, CancellationToken ct = default) =>
        InvokeAsync("ban", new { roomId, userId, reason }, ct);

    /// <inheritdoc />
    public Task WaitForMembershipAsync(string roomId, string userId, Membership membership, TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        InvokeAsync("waitForMembership", new
        {
            roomId, userId, membership = membership.ToString().ToLowerInvariant(),
            timeoutMs = Ms(timeout, Timeouts.MessageDelivery),
        }, ct);

    /// <inheritdoc />
    public async Task<SentEvent> SendTextAsync(string roomId, string body, CancellationToken ct = default)
    {
        var r = await InvokeAsync("sendText", new { roomId, body }, ct).ConfigureAwait(false);
        return new SentEvent(r!["eventId"]!.GetValue<string>(), body, r["sentAt"]!.GetValue<double>());
    }

    /// <inheritdoc />
    public async Task<TimelineEvent> WaitForEventAsync(string roomId, Func<TimelineEvent, bool> predicate,
        string expectation, TimeSpan? timeout = null, CancellationToken ct = default) =>
        (await TryWaitForEventAsync(roomId, predicate, expectation, timeout, ct).ConfigureAwait(false)).OrThrow();

    /// <inheritdoc />
    public Task<Result<TimelineEvent>> TryWaitForEventAsync(string roomId, Func<TimelineEvent, bool> predicate,
        string expectation, TimeSpan? timeout = null, CancellationToken ct = default) =>
        Timeline.TryWaitAsync(Who, roomId, predicate, expectation, timeout ?? Timeouts.MessageDelivery, ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<TimelineEvent>> GetTimelineAsync(string roomId, CancellationToken ct = default)
    {
        var r = await InvokeAsync("timeline", new { roomId }, ct).ConfigureAwait(false);
        return r!["events"]!.AsArray().Select(e => DriverProtocol.ParseTimelineEvent(e!)).ToList();
    }

    /// <inheritdoc />
    public async Task<bool> BackPaginateAsync(string roomId, int limit = 20, CancellationToken ct = default) =>
        (await InvokeAsync("paginate", new { roomId, limit }, ct).ConfigureAwait(false))!["reachedStart"]!.GetValue<bool>();

    /// <inheritdoc />
    public async Task<bool> IsRoomEncryptedAsync(string roomId, CancellationToken ct = default) =>
        (await InvokeAsync("isRoomEncrypted", new { roomId }, ct).ConfigureAwait(false))!["encrypted"]!.GetValue<bool>();
}
