using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Waiting;

namespace Matrix.Complement.Harness.Clients.Raw;

// The sync loop: /sync v2 long-polls, to-device handling (Olm, room keys), room state and the timeline view.
public sealed partial class RawClient
{
    private const int SyncTimeoutMs = 30_000;
    private readonly List<RawToDeviceMessage> _toDevice = [];

    /// <summary>Every to-device message this device received since it was created, oldest first.</summary>
    public IReadOnlyList<RawToDeviceMessage> ReceivedToDevice
    {
        get
        {
            lock (_gate) return _toDevice.ToList();
        }
    }

    private async Task SyncLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var response = await Api.SyncAsync(Session, _since, SyncTimeoutMs, stop).ConfigureAwait(false);
                await ProcessSyncAsync(response, stop).ConfigureAwait(false);
                _lastSyncError = null;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or MatrixApiException or JsonException or TaskCanceledException
                                          or RawProtocolException or InvalidOperationException)
            {
                // A failed sync is retried, as an SDK does; the error shows in every wait that times out meanwhile.
                _lastSyncError = e;
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ProcessSyncAsync(JsonObject sync, CancellationToken ct)
    {
        var changed = new List<string>();
        foreach (var user in (sync["device_lists"]?["changed"] as JsonArray ?? []).Select(u => (string?)u))
            if (user is not null && ForgetDevices(user)) changed.Add(user);
        foreach (var user in (sync["device_lists"]?["left"] as JsonArray ?? []).Select(u => (string?)u))
            if (user is not null) ForgetDevices(user);

        foreach (var ev in (sync["to_device"]?["events"] as JsonArray ?? []).OfType<JsonObject>())
            HandleToDevice(ev);

        foreach (var (roomId, room) in sync["rooms"]?["join"] as JsonObject ?? [])
            ApplyRoom(roomId, room, "state", "timeline");
        foreach (var (roomId, room) in sync["rooms"]?["invite"] as JsonObject ?? [])
            ApplyRoom(roomId, room, "invite_state", null);
        foreach (var (roomId, room) in sync["rooms"]?["leave"] as JsonObject ?? [])
            ApplyRoom(roomId, room, "state", "timeline");

        _since = (string?)sync["next_batch"] ?? _since;
        await RefreshDeviceListsAsync(changed, ct).ConfigureAwait(false);
        var otks = sync["device_one_time_keys_count"]?["signed_curve25519"]?.GetValue<int>();
        if (otks is { } count && count < _raw.OneTimeKeys / 2)
            await UploadOneTimeKeysAsync(_raw.OneTimeKeys - count, ct).ConfigureAwait(false);
        SignalChange();
    }

    private void ApplyRoom(string roomId, JsonNode? room, string stateKey, string? timelineKey)
    {
        RawRoom state;
        lock (_gate)
        {
            if (!_rooms.TryGetValue(roomId, out state!)) _rooms[roomId] = state = new RawRoom(roomId);
            foreach (var ev in (room?[stateKey]?["events"] as JsonArray ?? []).OfType<JsonObject>())
                state.Apply(ev);
        }
        if (timelineKey is null) return;
        lock (_gate)
            if (state.BackToken is null && !state.StartReached && (string?)room?[timelineKey]?["prev_batch"] is { } prev)
                state.BackToken = prev;
        foreach (var ev in (room?[timelineKey]?["events"] as JsonArray ?? []).OfType<JsonObject>())
        {
            lock (_gate) state.Apply(ev);
            ShowTimelineEvent(state, ev);
        }
    }

    /// <summary>Puts an event in the timeline view as this device sees it: plain, decrypted, or a UTD with its code.</summary>
    private void ShowTimelineEvent(RawRoom room, JsonObject ev)
    {
        var eventId = (string?)ev["event_id"];
        var sender = (string?)ev["sender"] ?? "";
        var type = (string?)ev["type"] ?? "";
        if (eventId is null) return;
        var content = ev["content"] as JsonObject ?? [];
        if (type != "m.room.encrypted")
        {
            _timeline.Update(new TimelineEvent(room.RoomId, eventId, type, sender, null, (string?)content["body"], false,
                DecryptionState.Plain, null, null, NowMs()));
            return;
        }
        var device = _device;
        var result = device is null
            ? RawDecryption.Failed(DecryptionFailureCode.UnknownError, (string?)content["session_id"], "no device")
            : device.DecryptRoomEvent(room.RoomId, eventId, sender, content);
        if (result is { State: DecryptionState.Failed, FailureCode: DecryptionFailureCode.MegolmUnknownInboundSessionId } &&
            MembershipAtEvent(ev) is { } atEvent && atEvent != "join")
            result = result with { FailureCode = DecryptionFailureCode.HistoricalMessageUserNotJoined };
        lock (_gate)
        {
            if (result.State == DecryptionState.Decrypted) room.Undecrypted.Remove(eventId);
            else room.Undecrypted[eventId] = ev;
        }
        _timeline.Update(result.State == DecryptionState.Decrypted
            ? new TimelineEvent(room.RoomId, eventId, result.Type!, sender, (string?)content["device_id"],
                (string?)result.Content?["body"], true, DecryptionState.Decrypted, null, result.SessionId, NowMs())
            : new TimelineEvent(room.RoomId, eventId, type, sender, (string?)content["device_id"], null, true,
                DecryptionState.Failed, result.FailureCode, result.SessionId, NowMs()));
    }

    /// <summary>
    /// This user's membership when the event was sent, as the homeserver states it in <c>unsigned.membership</c>
    /// (spec v1.11, MSC4115; also read under the unstable <c>io.element.msc4115.membership</c>); null when not given.
    /// A message with no room key that was sent while the user was not joined is history it was never meant to read,
    /// reported as <see cref="DecryptionFailureCode.HistoricalMessageUserNotJoined"/> like matrix-sdk-crypto does.
    /// </summary>
    private static string? MembershipAtEvent(JsonObject ev) =>
        (string?)ev["unsigned"]?["membership"] ?? (string?)ev["unsigned"]?["io.element.msc4115.membership"];

    /// <summary>
    /// Handles one to-device event. Olm-encrypted ones are decrypted and checked (a payload that lies about its
    /// sender or recipient is dropped); an <c>m.room_key</c> inside is stored and the events waiting for it are
    /// decrypted again. Clear to-device events are recorded but never used as keys.
    /// </summary>
    private void HandleToDevice(JsonObject ev)
    {
        var type = (string?)ev["type"] ?? "";
        var sender = (string?)ev["sender"] ?? "";
        var content = ev["content"] as JsonObject ?? [];
        if (type != "m.room.encrypted" || _device is not { } device)
        {
            Record(new RawToDeviceMessage(type, sender, false, content, null));
            return;
        }
        JsonObject payload;
        try
        {
            payload = device.DecryptToDevice(sender, content);
        }
        catch (RawProtocolException e)
        {
            Record(new RawToDeviceMessage(type, sender, true, null, e.Message));
            return;
        }
        var innerType = (string?)payload["type"] ?? "";
        var inner = payload["content"] as JsonObject ?? [];
        var rejected = CheckSenderKeys(sender, payload);
        Record(new RawToDeviceMessage(innerType, sender, true, inner, rejected));
        if (rejected is not null || innerType != "m.room_key" || (string?)inner["algorithm"] != RawDevice.MegolmAlgorithm) return;
        var key = new RawRoomKey((string?)inner["room_id"] ?? "", (string?)inner["session_id"] ?? "",
            (string?)inner["session_key"] ?? "", sender, (string)payload["sender_key"]!, (string?)payload["keys"]?["ed25519"] ?? "");
        if (device.AddRoomKey(key)) RetryUndecrypted(key.RoomId, key.SessionId);
    }

    // When the sender's device is known, the Ed25519 key its Olm payload claims must be that device's.
    private string? CheckSenderKeys(string sender, JsonObject payload)
    {
        RawDeviceKeys? known;
        lock (_gate)
            known = _deviceCache.TryGetValue(sender, out var devices)
                ? devices.Values.FirstOrDefault(d => d.Curve25519 == (string?)payload["sender_key"]) : null;
        return known is null || known.Ed25519 == (string?)payload["keys"]?["ed25519"]
            ? null : $"the Olm payload claims Ed25519 key {(string?)payload["keys"]?["ed25519"]}, {known} has {known.Ed25519}";
    }

    private void RetryUndecrypted(string roomId, string sessionId)
    {
        List<JsonObject> waiting;
        RawRoom? room;
        lock (_gate)
        {
            room = _rooms.GetValueOrDefault(roomId);
            waiting = room?.Undecrypted.Values.Where(e => (string?)e["content"]?["session_id"] == sessionId).ToList() ?? [];
        }
        foreach (var ev in waiting) ShowTimelineEvent(room!, ev);
    }

    private void Record(RawToDeviceMessage message)
    {
        lock (_gate) _toDevice.Add(message);
    }

    private async Task WaitForKeysOnServerAsync(CancellationToken ct)
    {
        try
        {
            await Eventually.SatisfiesAsync($"{Who} has device keys and one-time keys on {Homeserver}", Timeouts.ClientLogin,
                async c =>
                {
                    var counts = await Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/upload", Session,
                        new JsonObject(), c).ConfigureAwait(false);
                    var keys = await Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/query", Session,
                        new JsonObject { ["device_keys"] = new JsonObject { [UserId] = new JsonArray() } }, c).ConfigureAwait(false);
                    return (Otks: counts["one_time_key_counts"]?["signed_curve25519"]?.GetValue<int>() ?? 0,
                            HasDevice: keys["device_keys"]?[UserId]?[DeviceId] is not null);
                },
                o => o.HasDevice && o.Otks > 0 ? null : $"device keys on server: {o.HasDevice}, one-time keys: {o.Otks}",
                ct, TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new ExpectationFailedException(e.Message, e);
        }
    }
}
