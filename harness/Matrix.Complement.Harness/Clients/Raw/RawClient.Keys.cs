using Matrix.Complement.Harness.Http;

namespace Matrix.Complement.Harness.Clients.Raw;

// Keys: upload, device lists (/keys/query with signature checks), one-time key claims, Olm sessions, room-key sharing.
public sealed partial class RawClient
{
    private const string KeysUpload = "/_matrix/client/v3/keys/upload";
    private readonly Dictionary<string, Dictionary<string, RawDeviceKeys>> _deviceCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _deviceListChanges = new(StringComparer.Ordinal);
    private readonly List<string> _rejectedDevices = [];
    private readonly Dictionary<string, JsonObject> _sentEncrypted = new(StringComparer.Ordinal);

    /// <summary>Devices this client refused from <c>/keys/query</c> answers (bad or missing self-signature, wrong ids), with the reason.</summary>
    public IReadOnlyList<string> RejectedDevices
    {
        get
        {
            lock (_gate) return _rejectedDevices.ToList();
        }
    }

    private async Task UploadInitialKeysAsync(CancellationToken ct)
    {
        var deviceKeys = Crypto.SignedDeviceKeys();
        if (_raw.CorruptDeviceKeySignature)
            deviceKeys["signatures"]![UserId]![$"ed25519:{DeviceId}"] = Crypto.Sign("not these device keys");
        var body = new JsonObject
        {
            ["device_keys"] = deviceKeys,
            ["one_time_keys"] = Crypto.NewSignedOneTimeKeys(_raw.OneTimeKeys),
        };
        if (_raw.FallbackKey) body["fallback_keys"] = Crypto.NewSignedFallbackKey();
        await Api.SendAsync(HttpMethod.Post, KeysUpload, Session, body, ct).ConfigureAwait(false);
        Crypto.MarkKeysAsPublished();
    }

    private async Task UploadOneTimeKeysAsync(int count, CancellationToken ct)
    {
        if (count <= 0) return;
        await Api.SendAsync(HttpMethod.Post, KeysUpload, Session,
            new JsonObject { ["one_time_keys"] = Crypto.NewSignedOneTimeKeys(count) }, ct).ConfigureAwait(false);
        Crypto.MarkKeysAsPublished();
    }

    /// <summary>
    /// Drops <paramref name="userId"/>'s cached devices and counts the change, so that an answer to a
    /// <c>/keys/query</c> already in flight (asked before the change) is not cached; true when some were cached (a
    /// tracked user).
    /// </summary>
    private bool ForgetDevices(string userId)
    {
        lock (_gate)
        {
            _deviceListChanges[userId] = _deviceListChanges.GetValueOrDefault(userId) + 1;
            return _deviceCache.Remove(userId);
        }
    }

    /// <summary>
    /// Downloads again, at once, the device lists of tracked users the sync reported changed (as SDKs do, so a
    /// deleted device is gone before the next send). A failed download is left for the next send to retry.
    /// </summary>
    private async Task RefreshDeviceListsAsync(IReadOnlyList<string> userIds, CancellationToken ct)
    {
        if (userIds.Count == 0) return;
        try
        {
            await DevicesOfAsync(userIds, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MatrixApiException or HttpRequestException)
        {
            _lastSyncError = e;
        }
    }

    /// <summary>
    /// The valid devices of <paramref name="userIds"/>: from the cache, else from <c>/keys/query</c> (each device's
    /// self-signature checked; invalid ones are left out and listed in <see cref="RejectedDevices"/>). A device-list
    /// change in the sync drops a user from the cache.
    /// </summary>
    public async Task<IReadOnlyList<RawDeviceKeys>> DevicesOfAsync(IEnumerable<string> userIds, CancellationToken ct = default)
    {
        var users = userIds.Distinct().ToList();
        var fetched = new Dictionary<string, Dictionary<string, RawDeviceKeys>>(StringComparer.Ordinal);
        List<string> missing;
        Dictionary<string, long> changesBefore;
        lock (_gate)
        {
            missing = users.Where(u => !_deviceCache.ContainsKey(u)).ToList();
            changesBefore = missing.ToDictionary(u => u, u => _deviceListChanges.GetValueOrDefault(u), StringComparer.Ordinal);
        }
        if (missing.Count > 0)
        {
            var query = new JsonObject();
            foreach (var user in missing) query[user] = new JsonArray();
            var answer = await Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/query", Session,
                new JsonObject { ["device_keys"] = query }, ct).ConfigureAwait(false);
            foreach (var user in missing)
            {
                var valid = new Dictionary<string, RawDeviceKeys>(StringComparer.Ordinal);
                foreach (var (deviceId, keys) in answer["device_keys"]?[user] as JsonObject ?? [])
                {
                    if (keys is not JsonObject entry) continue;
                    if (RawDeviceKeys.Parse(user, deviceId, entry, out var why) is { } device) valid[deviceId] = device;
                    else lock (_gate) _rejectedDevices.Add(why!);
                }
                fetched[user] = valid;
                if (answer["failures"] is JsonObject { Count: > 0 } && valid.Count == 0) continue; // unreachable server: ask again later
                lock (_gate)
                {
                    // A change the sync reported while this query was in flight may postdate the answer: use it for
                    // this call, but do not cache it, so the next call asks again.
                    if (_deviceListChanges.GetValueOrDefault(user) == changesBefore[user]) _deviceCache[user] = valid;
                }
            }
        }
        lock (_gate)
            return users.SelectMany(u => fetched.TryGetValue(u, out var f) ? f.Values.ToList()
                : _deviceCache.TryGetValue(u, out var d) ? d.Values.ToList() : new List<RawDeviceKeys>()).ToList();
    }

    private string DescribeDevices(string userId)
    {
        lock (_gate)
        {
            var known = _deviceCache.TryGetValue(userId, out var d) ? string.Join(", ", d.Keys) : "none cached";
            var rejected = _rejectedDevices.Where(r => r.Contains(userId, StringComparison.Ordinal)).ToList();
            return $"devices of {userId}: {known}" + (rejected.Count > 0 ? $"; rejected: {string.Join("; ", rejected)}" : "");
        }
    }

    /// <summary>Claims a one-time key of each device that has no Olm session yet and starts one; returns the devices that now have one.</summary>
    private async Task<IReadOnlyList<RawDeviceKeys>> EnsureOlmSessionsAsync(IReadOnlyList<RawDeviceKeys> devices, CancellationToken ct)
    {
        var needed = devices.Where(d => !Crypto.HasOlmSession(d.Curve25519)).ToList();
        if (needed.Count > 0)
        {
            var claim = new JsonObject();
            foreach (var group in needed.GroupBy(d => d.UserId))
                claim[group.Key] = new JsonObject(group.Select(d => KeyValuePair.Create(d.DeviceId, (JsonNode?)"signed_curve25519")));
            var answer = await Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/claim", Session,
                new JsonObject { ["one_time_keys"] = claim }, ct).ConfigureAwait(false);
            foreach (var device in needed)
            {
                if (answer["one_time_keys"]?[device.UserId]?[device.DeviceId] is not JsonObject { Count: > 0 } keys) continue;
                try
                {
                    Crypto.CreateOutboundSession(device, keys.First().Value!.AsObject());
                }
                catch (RawProtocolException e)
                {
                    lock (_gate) _rejectedDevices.Add(e.Message);
                }
            }
        }
        return devices.Where(d => Crypto.HasOlmSession(d.Curve25519)).ToList();
    }

    /// <summary>
    /// The devices a room key goes to: every device of every joined member, and of invited ones unless the history
    /// visibility is <c>joined</c>, except this device. Asks the server for the member list, as an SDK loads members.
    /// </summary>
    private async Task<IReadOnlyList<RawDeviceKeys>> RecipientsAsync(string roomId, CancellationToken ct)
    {
        var members = await Api.SendAsync(HttpMethod.Get, $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/members",
            Session, null, ct).ConfigureAwait(false);
        var invitedToo = Room(roomId)?.HistoryVisibility != "joined";
        var users = (members["chunk"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(m => (string?)m["content"]?["membership"] is "join" || (invitedToo && (string?)m["content"]?["membership"] is "invite"))
            .Select(m => (string)m["state_key"]!).ToList();
        return (await DevicesOfAsync(users, ct).ConfigureAwait(false))
            .Where(d => !(d.UserId == UserId && d.DeviceId == DeviceId)).ToList();
    }

    /// <summary>
    /// Shares the room's outbound session with every recipient device that lacks it (one Olm-encrypted
    /// <c>m.room_key</c> each, in one <c>/sendToDevice</c>); rotates first when a device that had it is no longer a
    /// recipient, or when the session has reached the room's <c>rotation_period_msgs</c> or
    /// <c>rotation_period_ms</c> (the spec's recommended 100 messages and one week when the room names none).
    /// Returns the session to encrypt with.
    /// </summary>
    private async Task<RawOutboundSession> ShareRoomKeyAsync(string roomId, CancellationToken ct)
    {
        var recipients = await RecipientsAsync(roomId, ct).ConfigureAwait(false);
        var session = Crypto.Outbound(roomId);
        var current = recipients.Select(d => (d.UserId, d.DeviceId)).ToHashSet();
        if (session.SharedWith.Any(d => !current.Contains(d)) || RotationDue(roomId, session))
            session = Crypto.RotateOutbound(roomId);
        var targets = await EnsureOlmSessionsAsync(recipients.Where(d => !session.IsSharedWith(d)).ToList(), ct).ConfigureAwait(false);
        if (targets.Count == 0) return session;
        var key = RawDevice.RoomKeyContent(session);
        await SendToDeviceAsync("m.room.encrypted", targets.Select(d =>
            (d, Crypto.EncryptToDevice(d, Crypto.OlmPayload(d, "m.room_key", key)))), ct).ConfigureAwait(false);
        foreach (var device in targets) session.MarkShared(device);
        return session;
    }

    /// <summary>Whether <paramref name="session"/> has been used for as many messages, or as long, as the room allows.</summary>
    private bool RotationDue(string roomId, RawOutboundSession session)
    {
        var encryption = Room(roomId)?.Encryption;
        var messages = Number(encryption?["rotation_period_msgs"]) ?? 100;
        var period = Number(encryption?["rotation_period_ms"]) ?? 604_800_000;
        return session.MessagesSent >= messages || (DateTimeOffset.UtcNow - session.CreatedAt).TotalMilliseconds >= period;

        static long? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var n) ? n : null;
    }

    /// <summary>
    /// Sends one <c>/sendToDevice</c> request with a content per device. A transient failure (a 5xx or 429 answer, or
    /// no answer) is retried with the same transaction id, so the server delivers the messages once, after a short
    /// back-off (0.25 s, doubling, at most 5 attempts); then the last failure is thrown.
    /// </summary>
    private async Task SendToDeviceAsync(string type, IEnumerable<(RawDeviceKeys Device, JsonObject Content)> messages,
        CancellationToken ct)
    {
        const int attempts = 5;
        var body = new JsonObject();
        foreach (var (device, content) in messages)
        {
            if (body[device.UserId] is not JsonObject user) body[device.UserId] = user = [];
            user[device.DeviceId] = content;
        }
        var path = $"/_matrix/client/v3/sendToDevice/{Uri.EscapeDataString(type)}/{NewTxn()}";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Api.SendAsync(HttpMethod.Put, path, Session, new JsonObject { ["messages"] = body.DeepClone() }, ct)
                    .ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (attempt < attempts && IsTransient(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * (1 << (attempt - 1))), ct).ConfigureAwait(false);
            }
        }

        static bool IsTransient(Exception e) => e is HttpRequestException ||
            e is MatrixApiException { Status: >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests };
    }

    /// <summary>
    /// Sends a room event: Megolm-encrypted in an encrypted room (sharing the key first when <paramref name="shareKey"/>),
    /// in the clear otherwise. <paramref name="tamperWire"/> may edit the encrypted content before it is sent.
    /// Returns the event id.
    /// </summary>
    private async Task<string> SendEventAsync(string roomId, string type, JsonObject content, bool shareKey,
        Action<JsonObject>? tamperWire, CancellationToken ct)
    {
        await _sendGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var room = Uri.EscapeDataString(roomId);
            if (Room(roomId)?.Encryption is null)
            {
                var plain = await Api.SendAsync(HttpMethod.Put, $"/_matrix/client/v3/rooms/{room}/send/{Uri.EscapeDataString(type)}/{NewTxn()}",
                    Session, content, ct).ConfigureAwait(false);
                return (string)plain["event_id"]!;
            }
            var session = shareKey ? await ShareRoomKeyAsync(roomId, ct).ConfigureAwait(false) : Crypto.Outbound(roomId);
            var wire = Crypto.EncryptRoomEvent(session, type, content);
            tamperWire?.Invoke(wire);
            var sent = await Api.SendAsync(HttpMethod.Put, $"/_matrix/client/v3/rooms/{room}/send/m.room.encrypted/{NewTxn()}",
                Session, wire, ct).ConfigureAwait(false);
            var eventId = (string)sent["event_id"]!;
            lock (_gate) _sentEncrypted[eventId] = wire;
            return eventId;
        }
        finally
        {
            _sendGate.Release();
        }
    }
}
