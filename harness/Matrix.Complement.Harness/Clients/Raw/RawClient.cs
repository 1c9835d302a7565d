using System.Diagnostics;
using Matrix.Complement.Harness.Clients.Protocol;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Waiting;

namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>
/// The <c>raw</c> client kind (<c>RawVodozemacClient</c> in the style guide): the harness's own Matrix device, written
/// in C# over Vodozemac.Net and plain client-server HTTP. It uploads signed device and one-time keys, syncs with
/// <c>/sync</c> v2 in its own loop, claims keys and builds Olm sessions, shares Megolm room keys with every member
/// device it knows (<c>/keys/query</c>, device-list changes), receives <c>m.room_key</c> over Olm and decrypts room
/// events, reporting UTDs with the protocol's failure codes. It can bootstrap cross-signing and sign itself
/// (<see cref="BootstrapCrossSigningAsync"/>), but has no identity reset, key backup, verification, trust or shields:
/// those members throw <see cref="NotSupportedException"/> naming the kind and member. Its state
/// lives in memory: a restart in the same process keeps the device, but nothing survives the process (so
/// <see cref="ClientFeature.PersistentStorage"/> is not declared). Its misbehaviour operations
/// (<c>RawClient.Misbehaviour.cs</c>) send what a correct device never would.
/// </summary>
public sealed partial class RawClient : IClient
{
    // BootstrapCrossSigningAsync is implemented (RawClient.CrossSigning.cs), but not the rest of the feature.
    private static readonly IReadOnlySet<ClientFeature> DeclaredFeatures = new HashSet<ClientFeature> { ClientFeature.FallbackKeys };
    private static long _txn;

    private readonly HomeserverHandle _server;
    private readonly ClientOptions _options;
    private readonly RawClientOptions _raw;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RawRoom> _rooms = new(StringComparer.Ordinal);
    private readonly TimelineView _timeline = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private RawDevice? _device;
    private string? _since;
    private CancellationTokenSource? _syncStop;
    private Task? _syncLoop;
    private Exception? _lastSyncError;
    private bool _deleted;

    private RawClient(string actor, HomeserverHandle server, MatrixSession session, ClientOptions options, RawClientOptions raw)
    {
        Actor = actor;
        _server = server;
        Session = session;
        _options = options;
        _raw = raw;
    }

    /// <summary>True when the vodozemac shim is built here, so the kind can run.</summary>
    public static bool IsAvailable => RawShim.IsAvailable;

    /// <summary>Creates a client of this kind for an existing session (not yet started); the factory's entry point.</summary>
    public static Task<IClient> CreateAsync(Deployment.Deployment deployment, string actor, HomeserverHandle server,
        MatrixSession session, ClientOptions options) =>
        Task.FromResult<IClient>(new RawClient(actor, server, session, options, new RawClientOptions()));

    /// <summary>
    /// Registers a fresh user for <paramref name="actor"/> on <paramref name="homeserver"/> and starts a raw device
    /// for it, presenting itself as <paramref name="raw"/> says. Returns once <see cref="StartAsync"/> has. For
    /// scenarios that need the misbehaviour operations (the factory returns the client wrapped for logging).
    /// </summary>
    public static async Task<RawClient> LoginAsync(Deployment.Deployment deployment, string actor, string homeserver,
        RawClientOptions? raw = null, ClientOptions? options = null, CancellationToken ct = default)
    {
        var server = deployment[homeserver];
        var session = await server.RegisterUserAsync(actor, ct).ConfigureAwait(false);
        return await StartNewAsync(actor, server, session, raw, options, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Logs <paramref name="existing"/>'s user in again as a new raw device on the same homeserver and starts it:
    /// a second device of the same user (for example an untrusted one that misbehaves).
    /// </summary>
    public static async Task<RawClient> LoginNewDeviceAsync(Deployment.Deployment deployment, RawClient existing,
        RawClientOptions? raw = null, ClientOptions? options = null, CancellationToken ct = default)
    {
        var server = deployment[existing.Homeserver];
        var session = await server.Api.LoginAsync(existing.Session.Localpart, existing.Session.Password, ct: ct).ConfigureAwait(false);
        return await StartNewAsync(existing.Actor, server, session, raw, options, ct).ConfigureAwait(false);
    }

    private static async Task<RawClient> StartNewAsync(string actor, HomeserverHandle server, MatrixSession session,
        RawClientOptions? raw, ClientOptions? options, CancellationToken ct)
    {
        var client = new RawClient(actor, server, session, options ?? new ClientOptions(), raw ?? new RawClientOptions());
        try
        {
            await client.StartAsync(ct).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The raw client behind <paramref name="client"/> (unwrapping the factory's logging decorator), or null.</summary>
    public static RawClient? Of(IClient client) => client switch
    {
        RawClient raw => raw,
        LoggedClient logged => Of(logged.Inner),
        _ => null,
    };

    /// <inheritdoc />
    public string Actor { get; }

    /// <inheritdoc />
    public ClientKind Kind => ClientKind.Raw;

    /// <inheritdoc />
    public string Homeserver => _server.Name;

    /// <inheritdoc />
    public string UserId => Session.UserId;

    /// <inheritdoc />
    public string DeviceId => Session.DeviceId;

    /// <inheritdoc />
    public SyncMode SyncMode => _options.SyncMode ?? SyncMode.V2;

    /// <inheritdoc />
    public IReadOnlySet<ClientFeature> Features => DeclaredFeatures;

    /// <summary>The device's login.</summary>
    public MatrixSession Session { get; }

    /// <summary>The device's crypto state (null before the first start and after <see cref="DeleteStorageAsync"/>).</summary>
    public RawDevice? Device => _device;

    /// <summary>How long the last <see cref="StartAsync"/> took, from its call to keys confirmed on the server.</summary>
    public TimeSpan LastStartDuration { get; private set; }

    private ClientServerApi Api => _server.Api;

    private RawDevice Crypto => _device ?? throw new InvalidOperationException($"{Who} is not started");

    private string Who => $"{Actor} (raw on {Homeserver}, {UserId}/{DeviceId})";

    /// <inheritdoc />
    /// <remarks>
    /// The first start creates the Olm account and uploads self-signed device keys, signed one-time keys and (unless
    /// told otherwise) a fallback key; a later start reuses them. Then one <c>/sync</c> is processed, the sync loop
    /// starts, and the call returns once the homeserver lists the device and counts its one-time keys.
    /// </remarks>
    public async Task StartAsync(CancellationToken ct = default)
    {
        if (_deleted) throw new InvalidOperationException($"{Who}: its storage was deleted; the device cannot be started again.");
        if (SyncMode != SyncMode.V2)
            throw new NotSupportedException($"The raw client kind does not implement MSC4186 sliding sync ({Who}); it syncs with /sync v2 only.");
        if (_syncLoop is not null) throw new InvalidOperationException($"{Who} is already started");
        var clock = Stopwatch.StartNew();
        if (_device is null)
        {
            _device = new RawDevice(UserId, DeviceId);
            await UploadInitialKeysAsync(ct).ConfigureAwait(false);
        }
        var first = await Api.SyncAsync(Session, _since, 0, ct).ConfigureAwait(false);
        await ProcessSyncAsync(first, ct).ConfigureAwait(false);
        _syncStop = new CancellationTokenSource();
        var stop = _syncStop.Token;
        _syncLoop = Task.Run(() => SyncLoopAsync(stop), CancellationToken.None);
        await WaitForKeysOnServerAsync(ct).ConfigureAwait(false);
        LastStartDuration = clock.Elapsed;
    }

    /// <inheritdoc />
    public async Task<string> CreateRoomAsync(CreateRoomOptions? options = null, CancellationToken ct = default)
    {
        options ??= new CreateRoomOptions();
        var initialState = new JsonArray();
        if (options.Encrypted)
        {
            var encryption = new JsonObject { ["algorithm"] = RawDevice.MegolmAlgorithm };
            if (options.RotationPeriodMessages is { } msgs) encryption["rotation_period_msgs"] = msgs;
            if (options.RotationPeriodMs is { } ms) encryption["rotation_period_ms"] = ms;
            initialState.Add(new JsonObject { ["type"] = "m.room.encryption", ["state_key"] = "", ["content"] = encryption });
        }
        if (options.HistoryVisibility is { } visibility)
            initialState.Add(new JsonObject
            {
                ["type"] = "m.room.history_visibility", ["state_key"] = "",
                ["content"] = new JsonObject { ["history_visibility"] = visibility.ToProtocolName() },
            });
        var body = new JsonObject
        {
            ["preset"] = "private_chat",
            ["invite"] = new JsonArray(options.Invite.Select(u => (JsonNode)u).ToArray()),
            ["initial_state"] = initialState,
        };
        if (options.Name is not null) body["name"] = options.Name;
        var roomId = await Api.CreateRoomAsync(Session, body, ct).ConfigureAwait(false);
        await WaitUntilAsync($"it sees itself joined to {roomId}{(options.Encrypted ? " with its encryption state" : "")}",
            _ => Task.FromResult(IsJoined(roomId) && (!options.Encrypted || Room(roomId)?.Encryption is not null)),
            Timeouts.MessageDelivery, () => DescribeRoom(roomId), ct).ConfigureAwait(false);
        return roomId;
    }

    /// <inheritdoc />
    public Task SetDisplayNameAsync(string displayName, CancellationToken ct = default) =>
        Api.SendAsync(HttpMethod.Put, $"/_matrix/client/v3/profile/{Uri.EscapeDataString(UserId)}/displayname", Session,
            new JsonObject { ["displayname"] = displayName }, ct);

    /// <inheritdoc />
    public Task InviteAsync(string roomId, string userId, CancellationToken ct = default) =>
        Api.SendAsync(HttpMethod.Post, $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/invite", Session,
            new JsonObject { ["user_id"] = userId }, ct);

    /// <inheritdoc />
    public async Task JoinAsync(string roomId, IReadOnlyList<string>? via = null, CancellationToken ct = default)
    {
        await Api.JoinAsync(Session, roomId, via is { Count: > 0 } ? via : null, ct).ConfigureAwait(false);
        await WaitUntilAsync($"it sees itself joined to {roomId}", _ => Task.FromResult(IsJoined(roomId)),
            Timeouts.MessageDelivery, () => DescribeRoom(roomId), ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task LeaveAsync(string roomId, CancellationToken ct = default) =>
        Api.SendAsync(HttpMethod.Post, $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/leave", Session, new JsonObject(), ct);

    /// <inheritdoc />
    public Task KickAsync(string roomId, string userId, string? reason = null, CancellationToken ct = default) =>
        Api.SendAsync(HttpMethod.Post, $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/kick", Session,
            Moderation(userId, reason), ct);

    /// <inheritdoc />
    public Task BanAsync(string roomId, string userId, string? reason = null, CancellationToken ct = default) =>
        Api.SendAsync(HttpMethod.Post, $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/ban", Session,
            Moderation(userId, reason), ct);

    /// <inheritdoc />
    public Task WaitForMembershipAsync(string roomId, string userId, Membership membership, TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        WaitUntilAsync($"{userId} has membership {membership.ToString().ToLowerInvariant()} in {roomId}",
            _ => Task.FromResult(MembershipOf(roomId, userId) == membership), timeout ?? Timeouts.MessageDelivery,
            () => $"{DescribeRoom(roomId)}; {userId} is {MembershipOf(roomId, userId)?.ToString() ?? "unknown"}", ct);

    /// <inheritdoc />
    /// <remarks>
    /// In an encrypted room the room key is first shared (over Olm) with every device of every joined or invited
    /// member that has not received it, then the event is encrypted with Megolm; in a plain room it is sent as is.
    /// </remarks>
    public async Task<SentEvent> SendTextAsync(string roomId, string body, CancellationToken ct = default)
    {
        var content = new JsonObject { ["msgtype"] = "m.text", ["body"] = body };
        var sentAt = NowMs();
        var eventId = await SendEventAsync(roomId, "m.room.message", content, shareKey: true, tamperWire: null, ct).ConfigureAwait(false);
        return new SentEvent(eventId, body, sentAt);
    }

    /// <inheritdoc />
    public async Task<TimelineEvent> WaitForEventAsync(string roomId, Func<TimelineEvent, bool> predicate,
        string expectation, TimeSpan? timeout = null, CancellationToken ct = default) =>
        (await TryWaitForEventAsync(roomId, predicate, expectation, timeout, ct).ConfigureAwait(false)).OrThrow();

    /// <inheritdoc />
    public Task<Result<TimelineEvent>> TryWaitForEventAsync(string roomId, Func<TimelineEvent, bool> predicate,
        string expectation, TimeSpan? timeout = null, CancellationToken ct = default) =>
        _timeline.TryWaitAsync(Who, roomId, predicate, expectation, timeout ?? Timeouts.MessageDelivery, ct, () => SyncErrorNote);

    /// <inheritdoc />
    public Task<IReadOnlyList<TimelineEvent>> GetTimelineAsync(string roomId, CancellationToken ct = default) =>
        Task.FromResult(_timeline.Events(roomId));

    /// <inheritdoc />
    public Task<bool> IsRoomEncryptedAsync(string roomId, CancellationToken ct = default) =>
        Task.FromResult(Room(roomId)?.Encryption is not null);

    /// <inheritdoc />
    public async Task WaitForDeviceAsync(string userId, string deviceId, TimeSpan? timeout = null, CancellationToken ct = default) =>
        await WaitUntilAsync($"it knows device {deviceId} of {userId}",
            async c => (await DevicesOfAsync([userId], c).ConfigureAwait(false)).Any(d => d.DeviceId == deviceId),
            timeout ?? Timeouts.MessageDelivery, () => DescribeDevices(userId), ct).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>The raw device never verifies anyone: a known device is reported known and unverified.</remarks>
    public async Task<DeviceVerificationStatus> GetDeviceVerificationStatusAsync(string userId, string deviceId,
        CancellationToken ct = default)
    {
        var known = (await DevicesOfAsync([userId], ct).ConfigureAwait(false)).Any(d => d.DeviceId == deviceId);
        return new DeviceVerificationStatus(known, false, false, false);
    }

    /// <inheritdoc />
    public async Task<DeviceVerificationStatus> WaitForDeviceVerificationStatusAsync(string userId, string deviceId,
        Func<DeviceVerificationStatus, bool> predicate, string expectation, TimeSpan? timeout = null,
        CancellationToken ct = default)
    {
        DeviceVerificationStatus? last = null;
        await WaitUntilAsync($"its trust in device {deviceId} of {userId}: {expectation}", async c =>
        {
            last = await GetDeviceVerificationStatusAsync(userId, deviceId, c).ConfigureAwait(false);
            return predicate(last);
        }, timeout ?? Timeouts.MessageDelivery, () => $"last status {last}", ct).ConfigureAwait(false);
        return last!;
    }

    /// <inheritdoc />
    public async Task LogoutAsync(CancellationToken ct = default)
    {
        await Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/logout", Session, new JsonObject(), ct).ConfigureAwait(false);
        await StopSyncAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task CloseAsync(CancellationToken ct = default) => StopSyncAsync();

    /// <inheritdoc />
    /// <remarks>The sync loop is cancelled mid-request; the in-memory state stays as it was.</remarks>
    public Task CrashAsync(CancellationToken ct = default) => StopSyncAsync();

    /// <inheritdoc />
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await CloseAsync(ct).ConfigureAwait(false);
        await StartAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteStorageAsync(CancellationToken ct = default)
    {
        await StopSyncAsync().ConfigureAwait(false);
        _device?.Dispose();
        _device = null;
        _deleted = true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopSyncAsync().ConfigureAwait(false);
        _device?.Dispose();
        _device = null;
        _crossSigning?.Dispose();
        _sendGate.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => Who;

    private async Task StopSyncAsync()
    {
        if (_syncStop is null || _syncLoop is null) return;
        await _syncStop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _syncLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
        _syncStop.Dispose();
        _syncStop = null;
        _syncLoop = null;
    }

    private static JsonObject Moderation(string userId, string? reason)
    {
        var body = new JsonObject { ["user_id"] = userId };
        if (reason is not null) body["reason"] = reason;
        return body;
    }

    private RawRoom? Room(string roomId)
    {
        lock (_gate) return _rooms.GetValueOrDefault(roomId);
    }

    private bool IsJoined(string roomId) => MembershipOf(roomId, UserId) == Membership.Join;

    private Membership? MembershipOf(string roomId, string userId)
    {
        lock (_gate)
            return _rooms.TryGetValue(roomId, out var room) && room.Members.TryGetValue(userId, out var m) ? m : null;
    }

    private string DescribeRoom(string roomId)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(roomId, out var room)) return $"the client has no room {roomId} (knows {_rooms.Count})";
            return $"membership {MembershipOfLocked(room)}, encryption {(room.Encryption is null ? "none" : "on")}, " +
                   $"members: {string.Join(", ", room.Members.Select(m => $"{m.Key}={m.Value}"))}";
        }

        Membership? MembershipOfLocked(RawRoom room) => room.Members.TryGetValue(UserId, out var m) ? m : null;
    }

    private string SyncErrorNote => _lastSyncError is { } e ? $"\nLast sync error: {e.GetType().Name}: {e.Message}" : "";

    /// <summary>
    /// Re-checks <paramref name="condition"/> after every processed sync until it holds; throws
    /// <see cref="ExpectationFailedException"/> with the expectation, elapsed time and <paramref name="describe"/> after
    /// <paramref name="timeout"/>.
    /// </summary>
    private async Task WaitUntilAsync(string expectation, Func<CancellationToken, Task<bool>> condition, TimeSpan timeout,
        Func<string> describe, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var checks = 0;
        while (true)
        {
            Task next;
            lock (_gate) next = _changed.Task;
            checks++;
            if (await condition(ct).ConfigureAwait(false)) return;
            var left = timeout - clock.Elapsed;
            try
            {
                if (left <= TimeSpan.Zero) throw new TimeoutException();
                await next.WaitAsync(left, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new ExpectationFailedException(
                    $"{Who}: expected {expectation}; after {clock.Elapsed.TotalSeconds:F1}s ({checks} checks, one per sync) " +
                    $"it still does not hold. Seen: {describe()}{SyncErrorNote}");
            }
        }
    }

    private void SignalChange()
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            done = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        done.TrySetResult();
    }

    private static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    private static string NewTxn() => $"raw{Environment.ProcessId}-{Interlocked.Increment(ref _txn)}-{Guid.NewGuid():N}";
}
