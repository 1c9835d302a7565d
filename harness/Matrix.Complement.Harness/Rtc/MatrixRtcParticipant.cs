using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Clients.Protocol;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Http;

namespace Matrix.Complement.Harness.Rtc;

/// <summary>
/// A client's MatrixRTC side: joins and leaves a room's call session with per-participant media keys, and reads
/// what its SDK holds and received (memberships, own and others' keys, every key-carrying message). Wraps the
/// driver's MatrixRTC commands (PROTOCOL.md "MatrixRTC"); the client must declare <see cref="ClientFeature.MatrixRtc"/>.
/// Every wait runs in the driver on the SDK's events, with a named budget from <see cref="RtcTimeouts"/>.
/// </summary>
public sealed class MatrixRtcParticipant
{
    /// <summary>The legacy (compatibility-mode) call membership state event type.</summary>
    public const string CallMemberType = "org.matrix.msc3401.call.member";

    /// <summary>The sticky membership event type (MSC4143, matrix_2_0 mode).</summary>
    public const string RtcMemberType = "org.matrix.msc4143.rtc.member";

    /// <summary>matrix-js-sdk's media-key event type (to-device, Olm-encrypted).</summary>
    public const string EncryptionKeysType = "io.element.call.encryption_keys";

    private readonly DriverClient _driver;

    private MatrixRtcParticipant(IClient client, DriverClient driver)
    {
        Client = client;
        _driver = driver;
    }

    /// <summary>The client (as the scenario holds it, logged).</summary>
    public IClient Client { get; }

    /// <summary>The device's login, for raw requests on its behalf (delayed events, power levels).</summary>
    internal MatrixSession Session => _driver.Session;

    /// <summary>This device as <c>user|device</c>, the form memberships are compared in.</summary>
    public string Participant => $"{Client.UserId}|{Client.DeviceId}";

    /// <summary>
    /// The MatrixRTC side of <paramref name="client"/>, a started client of a kind that declares
    /// <see cref="ClientFeature.MatrixRtc"/>. Throws <see cref="NotSupportedException"/> otherwise; scenarios call
    /// <c>Require.Feature(ClientFeature.MatrixRtc, …)</c> first so a kind without it is skipped, never passed.
    /// </summary>
    public static MatrixRtcParticipant For(IClient client)
    {
        var inner = client;
        while (inner is LoggedClient logged) inner = logged.Inner;
        if (inner is not DriverClient driver)
            throw new NotSupportedException($"{client} is not a driver client; MatrixRTC needs the driver protocol's commands.");
        if (!client.Features.Contains(ClientFeature.MatrixRtc))
            throw new NotSupportedException(
                $"{client} does not declare {ClientFeatures.Name(ClientFeature.MatrixRtc)} (start it first; " +
                "use Require.Feature(ClientFeature.MatrixRtc, …) to skip kinds without it).");
        return new MatrixRtcParticipant(client, driver);
    }

    private static int Ms(TimeSpan? t) => t is { } v ? (int)v.TotalMilliseconds : 0;

    private static int? OptionalMs(TimeSpan? t) => t is { } v ? (int)v.TotalMilliseconds : null;

    /// <summary>
    /// Joins the room's call session (slot <c>m.call#ROOM</c>, matrix-js-sdk's compatibility mode: a state
    /// membership and an MSC4140 delayed leave) with per-participant media keys. Returns this device's membership once
    /// it is in the session (the membership event came back through sync) and the SDK created its own first key.
    /// </summary>
    public async Task<RtcMembership> JoinAsync(string roomId, RtcJoinOptions? options = null, CancellationToken ct = default)
    {
        options ??= new RtcJoinOptions();
        var r = await _driver.InvokeAsync("rtcJoin", new
        {
            roomId,
            useKeyDelayMs = OptionalMs(options.UseKeyDelay),
            keyRotationGracePeriodMs = OptionalMs(options.KeyRotationGracePeriod),
            delayedLeaveEventDelayMs = OptionalMs(options.DelayedLeaveEventDelay),
            delayedLeaveEventRestartMs = OptionalMs(options.DelayedLeaveEventRestart),
            livekitServiceUrl = options.LiveKitServiceUrl?.ToString().TrimEnd('/'),
            timeoutMs = Ms(RtcTimeouts.Join),
        }, ct).ConfigureAwait(false);
        return ParseMembership(r!["membership"]!);
    }

    /// <summary>Leaves the call. Returns once the leave is sent and this device's membership is gone from its own view.</summary>
    public Task LeaveAsync(string roomId, CancellationToken ct = default) =>
        _driver.InvokeAsync("rtcLeave", new { roomId, timeoutMs = Ms(RtcTimeouts.Join) }, ct);

    /// <summary>The call's memberships as this device sees them now, oldest first.</summary>
    public async Task<IReadOnlyList<RtcMembership>> GetMembershipsAsync(string roomId, CancellationToken ct = default)
    {
        var r = await _driver.InvokeAsync("rtcMemberships", new { roomId }, ct).ConfigureAwait(false);
        return [.. r!["memberships"]!.AsArray().Select(m => ParseMembership(m!))];
    }

    /// <summary>
    /// Returns once this device sees exactly <paramref name="members"/> in the call (any order). Throws with the
    /// memberships and keys it saw otherwise.
    /// </summary>
    public async Task<IReadOnlyList<RtcMembership>> WaitForMembershipsAsync(string roomId, IEnumerable<IClient> members,
        TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var r = await _driver.InvokeAsync("rtcWaitForMemberships", new
        {
            roomId, members = members.Select(m => $"{m.UserId}|{m.DeviceId}").ToArray(),
            timeoutMs = Ms(timeout ?? RtcTimeouts.Join),
        }, ct).ConfigureAwait(false);
        return [.. r!["memberships"]!.AsArray().Select(m => ParseMembership(m!))];
    }

    /// <summary>
    /// The keys this device holds for the call now (own included; every index it installed since it joined, oldest
    /// first): its key ring. Empty when it is not in the call.
    /// </summary>
    public async Task<IReadOnlyList<RtcKeyEvent>> GetHeldKeysAsync(string roomId, CancellationToken ct = default)
    {
        var r = await _driver.InvokeAsync("rtcKeys", new { roomId }, ct).ConfigureAwait(false);
        return [.. r!["keys"]!.AsArray().Select(k => ParseKey(k!))];
    }

    /// <summary>The key this device currently sends with: the own key it installed last. Throws if it has none.</summary>
    public async Task<RtcKeyEvent> GetOwnKeyAsync(string roomId, CancellationToken ct = default) =>
        (await GetHeldKeysAsync(roomId, ct).ConfigureAwait(false)).LastOrDefault(k => k.Own)
        ?? throw new ExpectationFailedException($"{Client}: holds no own media key for the call in {roomId}");

    /// <summary>Every key this device's SDK installed since the client started (own and received), oldest first.</summary>
    public async Task<IReadOnlyList<RtcKeyEvent>> GetKeyEventsAsync(string? roomId = null, CancellationToken ct = default)
    {
        var r = await _driver.InvokeAsync("rtcKeyEvents", new { roomId }, ct).ConfigureAwait(false);
        return [.. r!["events"]!.AsArray().Select(k => ParseKey(k!))];
    }

    /// <summary>
    /// Returns the first key this device's SDK installed that matches <paramref name="match"/>, as soon as there is one
    /// (keys installed earlier count). Throws with the device's memberships, keys and key messages on timeout.
    /// </summary>
    public async Task<RtcKeyEvent> WaitForKeyAsync(RtcKeyMatch match, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var r = await _driver.InvokeAsync("rtcWaitForKey", new
        {
            match = new
            {
                roomId = match.RoomId, userId = match.UserId, deviceId = match.DeviceId, index = match.Index,
                keyHash = match.KeyHash, own = match.Own, after = match.After,
            },
            timeoutMs = Ms(timeout ?? RtcTimeouts.KeyDistribution),
        }, ct).ConfigureAwait(false);
        return ParseKey(r!);
    }

    /// <summary>
    /// Every key-carrying to-device message and room event this client received since it started, in the call or
    /// not, oldest first (the observer's evidence that it never got a key).
    /// </summary>
    public async Task<IReadOnlyList<RtcKeyMessage>> GetReceivedKeyMessagesAsync(CancellationToken ct = default)
    {
        var r = await _driver.InvokeAsync("rtcKeyMessages", null, ct).ConfigureAwait(false);
        return [.. r!["messages"]!.AsArray().Select(m => ParseMessage(m!))];
    }

    /// <summary>The delayed events (MSC4140) this device's user has scheduled on <paramref name="server"/>, now.</summary>
    public Task<IReadOnlyList<JsonObject>> GetDelayedEventsAsync(HomeserverHandle server, CancellationToken ct = default) =>
        new MatrixRtcApi(server.Api).GetDelayedEventsAsync(Session, ct);

    /// <summary>
    /// Lets every member of <paramref name="roomId"/> publish call memberships: sets the power level needed for the
    /// membership event types to 0, as Element Web does for call rooms. The client's user must be allowed to change
    /// power levels (the room's creator). Returns when the homeserver accepted the change.
    /// </summary>
    public async Task AllowCallMembershipsAsync(HomeserverHandle server, string roomId, CancellationToken ct = default)
    {
        var path = $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/state/m.room.power_levels/";
        var levels = await server.Api.SendAsync(HttpMethod.Get, path, Session, null, ct).ConfigureAwait(false);
        var events = levels["events"] as JsonObject ?? [];
        events[CallMemberType] = 0;
        events[RtcMemberType] = 0;
        levels["events"] = events;
        await server.Api.SendAsync(HttpMethod.Put, path, Session, levels, ct).ConfigureAwait(false);
    }

    private static RtcMembership ParseMembership(JsonNode m) => new(
        m["userId"]!.GetValue<string>(), m["deviceId"]!.GetValue<string>(), m["memberId"]?.GetValue<string>() ?? "",
        (long)m["createdTs"]!.GetValue<double>(), m["rtcBackendIdentity"]?.GetValue<string>());

    private static RtcKeyEvent ParseKey(JsonNode k) => new(
        k["roomId"]!.GetValue<string>(), k["userId"]!.GetValue<string>(), k["deviceId"]!.GetValue<string>(),
        k["memberId"]?.GetValue<string>() ?? "", k["index"]!.GetValue<int>(), k["key"]!.GetValue<string>(),
        k["keyHash"]!.GetValue<string>(), k["own"]!.GetValue<bool>(), k["at"]!.GetValue<double>());

    private static RtcKeyMessage ParseMessage(JsonNode m)
    {
        string? Str(string key) => m[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        return new RtcKeyMessage(Str("transport") ?? "", Str("type") ?? "", Str("sender") ?? "", Str("senderDevice"),
            m["encrypted"]?.GetValue<bool>() ?? false, Str("roomId"), Str("claimedDeviceId"), Str("memberId"),
            m["index"] is JsonValue i && i.TryGetValue<int>(out var n) ? n : null, Str("keyHash"),
            m["at"]?.GetValue<double>() ?? 0);
    }

    /// <inheritdoc />
    public override string ToString() => Client.ToString() ?? Participant;
}
