namespace Matrix.Complement.Harness.Clients.Raw;

// Operations a correct device never performs, for the adversarial scenarios. Each returns once the homeserver
// accepted what was sent; whether the receiving SDK accepts it is what the scenarios assert.
public sealed partial class RawClient
{
    /// <summary>Replaces this device's outbound Megolm session in the room with a new one, shared with nobody yet.</summary>
    public RawOutboundSession RotateRoomKey(string roomId) => Crypto.RotateOutbound(roomId);

    /// <summary>
    /// Shares the room's current outbound session now (Olm <c>m.room_key</c> to every member device lacking it), as a
    /// send would. Returns the session.
    /// </summary>
    public async Task<RawOutboundSession> ShareRoomKeyNowAsync(string roomId, CancellationToken ct = default)
    {
        await _sendGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await ShareRoomKeyAsync(roomId, ct).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>
    /// Sends an <c>m.text</c> message encrypted with the room's current outbound session without sharing its key with
    /// anyone; <paramref name="tamperWire"/> may edit the encrypted content (claimed <c>sender_key</c>, <c>device_id</c>).
    /// </summary>
    public async Task<SentEvent> SendTextWithoutSharingKeyAsync(string roomId, string body, Action<JsonObject>? tamperWire = null,
        CancellationToken ct = default)
    {
        var sentAt = NowMs();
        var eventId = await SendEventAsync(roomId, "m.room.message", new JsonObject { ["msgtype"] = "m.text", ["body"] = body },
            shareKey: false, tamperWire, ct).ConfigureAwait(false);
        return new SentEvent(eventId, body, sentAt);
    }

    /// <summary>
    /// Replay: sends the encrypted content of <paramref name="original"/> (an event this device sent) again, byte for
    /// byte, as a new event. The same Megolm session and message index now back two events.
    /// </summary>
    public async Task<SentEvent> ReplayAsync(string roomId, SentEvent original, CancellationToken ct = default)
    {
        JsonObject wire;
        lock (_gate)
            wire = _sentEncrypted.TryGetValue(original.EventId, out var w)
                ? w.DeepClone().AsObject()
                : throw new InvalidOperationException($"{Who} did not send {original.EventId} encrypted; only its own events can be replayed");
        var sentAt = NowMs();
        var sent = await Api.SendAsync(HttpMethod.Put,
            $"/_matrix/client/v3/rooms/{Uri.EscapeDataString(roomId)}/send/m.room.encrypted/{NewTxn()}", Session, wire, ct).ConfigureAwait(false);
        return new SentEvent((string)sent["event_id"]!, original.Body, sentAt);
    }

    /// <summary>
    /// Sends <paramref name="key"/> (a room key this device received from someone else, so a session it does not
    /// own) to one device as an Olm-encrypted <c>m.room_key</c>, as if this device had created the session.
    /// </summary>
    public Task SendForeignRoomKeyAsync(RawRoomKey key, string userId, string deviceId, CancellationToken ct = default) =>
        SendEncryptedToDeviceAsync(userId, deviceId, "m.room_key", new JsonObject
        {
            ["algorithm"] = RawDevice.MegolmAlgorithm,
            ["room_id"] = key.RoomId,
            ["session_id"] = key.SessionId,
            ["session_key"] = key.SessionKey,
        }, null, ct);

    /// <summary>
    /// Forwards <paramref name="key"/> (received from its owner) to one device as an Olm-encrypted
    /// <c>m.forwarded_room_key</c> that nobody requested, naming the original sender's keys.
    /// </summary>
    public Task ForwardRoomKeyAsync(RawRoomKey key, string userId, string deviceId, CancellationToken ct = default) =>
        SendEncryptedToDeviceAsync(userId, deviceId, "m.forwarded_room_key", ForwardedKeyContent(key), null, ct);

    /// <summary>
    /// Sends the room's current outbound session key to one device over Olm, with an Olm payload whose
    /// <c>sender</c> claims <paramref name="claimedSender"/> instead of this device's user.
    /// </summary>
    public Task SendRoomKeyClaimingSenderAsync(string roomId, string claimedSender, string userId, string deviceId,
        CancellationToken ct = default) =>
        SendEncryptedToDeviceAsync(userId, deviceId, "m.room_key", RawDevice.RoomKeyContent(Crypto.Outbound(roomId)),
            payload => payload["sender"] = claimedSender, ct);

    /// <summary>Sends the room's current outbound session key to one device as a clear (unencrypted) <c>m.room_key</c>.</summary>
    public Task SendRoomKeyInClearAsync(string roomId, string userId, string deviceId, CancellationToken ct = default) =>
        SendToDeviceInClearAsync("m.room_key", RawDevice.RoomKeyContent(Crypto.Outbound(roomId)), userId, deviceId, ct);

    /// <summary>
    /// Sends <paramref name="key"/> to one device as a clear (unencrypted) <c>m.forwarded_room_key</c>: a to-device
    /// message that must only ever travel Olm-encrypted.
    /// </summary>
    public Task SendForwardedKeyInClearAsync(RawRoomKey key, string userId, string deviceId, CancellationToken ct = default) =>
        SendToDeviceInClearAsync("m.forwarded_room_key", ForwardedKeyContent(key), userId, deviceId, ct);

    /// <summary>Sends any to-device message to one device in the clear.</summary>
    public async Task SendToDeviceInClearAsync(string type, JsonObject content, string userId, string deviceId,
        CancellationToken ct = default)
    {
        var device = await DeviceAsync(userId, deviceId, ct).ConfigureAwait(false);
        await SendToDeviceAsync(type, [(device, content)], ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends one Olm-encrypted to-device message (claiming a one-time key first if needed); <paramref name="tamperPayload"/>
    /// may edit the Olm payload (sender, recipient, keys) before it is encrypted.
    /// </summary>
    public async Task SendEncryptedToDeviceAsync(string userId, string deviceId, string type, JsonObject content,
        Action<JsonObject>? tamperPayload, CancellationToken ct = default)
    {
        var device = await DeviceAsync(userId, deviceId, ct).ConfigureAwait(false);
        if ((await EnsureOlmSessionsAsync([device], ct).ConfigureAwait(false)).Count == 0)
            throw new InvalidOperationException($"{Who} could not start an Olm session with {device}: no one-time key claimed");
        var payload = Crypto.OlmPayload(device, type, content);
        tamperPayload?.Invoke(payload);
        await SendToDeviceAsync("m.room.encrypted", [(device, Crypto.EncryptToDevice(device, payload))], ct).ConfigureAwait(false);
    }

    /// <summary>Waits until this device holds a room key for <paramref name="sessionId"/> in the room, and returns it.</summary>
    public async Task<RawRoomKey> WaitForRoomKeyAsync(string roomId, string sessionId, TimeSpan? timeout = null,
        CancellationToken ct = default)
    {
        RawRoomKey? found = null;
        await WaitUntilAsync($"it holds the room key of session {sessionId} in {roomId}", _ =>
        {
            found = Crypto.ReceivedRoomKeys.FirstOrDefault(k => k.RoomId == roomId && k.SessionId == sessionId);
            return Task.FromResult(found is not null);
        }, timeout ?? Waiting.Timeouts.MessageDelivery,
            () => $"keys held: {string.Join(", ", Crypto.ReceivedRoomKeys.Select(k => $"{k.RoomId}/{k.SessionId}"))}", ct).ConfigureAwait(false);
        return found!;
    }

    private JsonObject ForwardedKeyContent(RawRoomKey key) => new()
    {
        ["algorithm"] = RawDevice.MegolmAlgorithm,
        ["room_id"] = key.RoomId,
        ["sender_key"] = key.SenderCurve25519,
        ["sender_claimed_ed25519_key"] = key.SenderEd25519,
        ["session_id"] = key.SessionId,
        ["session_key"] = Crypto.ExportRoomKey(key),
        ["forwarding_curve25519_key_chain"] = new JsonArray(),
    };

    private async Task<RawDeviceKeys> DeviceAsync(string userId, string deviceId, CancellationToken ct) =>
        (await DevicesOfAsync([userId], ct).ConfigureAwait(false)).FirstOrDefault(d => d.DeviceId == deviceId)
        ?? throw new InvalidOperationException($"{Who} does not know a valid device {deviceId} of {userId}: {DescribeDevices(userId)}");
}
