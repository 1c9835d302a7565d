using System.Text;
using Vodozemac.Net;

namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>
/// The crypto state of one raw device, over Vodozemac.Net: its Olm account, Olm sessions with other devices, the
/// Megolm sessions it sends with and the ones it received. No I/O: <see cref="RawClient"/> moves the JSON this
/// builds and parses. Thread-safe.
/// </summary>
public sealed class RawDevice : IDisposable
{
    /// <summary>The Olm algorithm name.</summary>
    public const string OlmAlgorithm = "m.olm.v1.curve25519-aes-sha2";

    /// <summary>The Megolm algorithm name.</summary>
    public const string MegolmAlgorithm = "m.megolm.v1.aes-sha2";

    private readonly Account _account;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Session>> _olm = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Room, string Session), (InboundGroupSession Session, RawRoomKey Key)> _inbound = [];
    private readonly Dictionary<string, RawOutboundSession> _outbound = new(StringComparer.Ordinal);
    private readonly MegolmReplayGuard _replays = new();

    /// <summary>Creates the state of device <paramref name="deviceId"/> of <paramref name="userId"/> with a fresh account.</summary>
    public RawDevice(string userId, string deviceId)
    {
        RawShim.EnsureLocated();
        UserId = userId;
        DeviceId = deviceId;
        _account = new Account();
        Keys = _account.IdentityKeys;
    }

    /// <summary>The owner.</summary>
    public string UserId { get; }

    /// <summary>The device id.</summary>
    public string DeviceId { get; }

    /// <summary>This device's identity keys.</summary>
    public IdentityKeys Keys { get; }

    /// <summary>Signs a UTF-8 string with the device's Ed25519 key.</summary>
    public string Sign(string message) => _account.Sign(message);

    /// <summary>This device's <c>device_keys</c> for <c>/keys/upload</c>, self-signed.</summary>
    public JsonObject SignedDeviceKeys() => CanonicalJson.Sign(new JsonObject
    {
        ["algorithms"] = new JsonArray(OlmAlgorithm, MegolmAlgorithm),
        ["device_id"] = DeviceId,
        ["keys"] = new JsonObject { [$"curve25519:{DeviceId}"] = Keys.Curve25519, [$"ed25519:{DeviceId}"] = Keys.Ed25519 },
        ["user_id"] = UserId,
    }, UserId, DeviceId, Sign);

    /// <summary>Generates <paramref name="count"/> one-time keys and returns them signed, as <c>one_time_keys</c> of <c>/keys/upload</c>.</summary>
    public JsonObject NewSignedOneTimeKeys(int count)
    {
        _account.GenerateOneTimeKeys(count);
        var keys = new JsonObject();
        foreach (var (id, key) in _account.OneTimeKeys)
            keys[$"signed_curve25519:{id}"] = CanonicalJson.Sign(new JsonObject { ["key"] = key }, UserId, DeviceId, Sign);
        return keys;
    }

    /// <summary>Generates a fallback key and returns it signed, as <c>fallback_keys</c> of <c>/keys/upload</c>.</summary>
    public JsonObject NewSignedFallbackKey()
    {
        _account.GenerateFallbackKey();
        var keys = new JsonObject();
        foreach (var (id, key) in _account.FallbackKey)
            keys[$"signed_curve25519:{id}"] = CanonicalJson.Sign(new JsonObject { ["key"] = key, ["fallback"] = true },
                UserId, DeviceId, Sign);
        return keys;
    }

    /// <summary>Marks the generated keys as published, after the server accepted them.</summary>
    public void MarkKeysAsPublished() => _account.MarkKeysAsPublished();

    /// <summary>True when an Olm session with the device of Curve25519 key <paramref name="theirCurve"/> exists.</summary>
    public bool HasOlmSession(string theirCurve)
    {
        lock (_gate) return _olm.ContainsKey(theirCurve);
    }

    /// <summary>
    /// Starts an Olm session with <paramref name="device"/> from a one-time key claimed from the server, after checking
    /// the key's signature by the device. Throws <see cref="RawProtocolException"/> on a bad signature.
    /// </summary>
    public void CreateOutboundSession(RawDeviceKeys device, JsonObject signedOneTimeKey)
    {
        if (!CanonicalJson.HasValidSignature(signedOneTimeKey, device.UserId, device.DeviceId, device.Ed25519))
            throw new RawProtocolException($"the one-time key claimed for {device} is not signed by that device");
        var session = _account.CreateOutboundSession(device.Curve25519, signedOneTimeKey["key"]!.GetValue<string>());
        lock (_gate) Sessions(device.Curve25519).Insert(0, session);
    }

    /// <summary>
    /// The Olm payload of a to-device event for <paramref name="device"/> (sender, recipient, both keys), which
    /// <see cref="EncryptToDevice"/> encrypts (with a copy of <paramref name="content"/>). Adversarial callers may edit it first.
    /// </summary>
    public JsonObject OlmPayload(RawDeviceKeys device, string type, JsonObject content) => new()
    {
        ["type"] = type,
        ["content"] = content.DeepClone(),
        ["sender"] = UserId,
        ["sender_device"] = DeviceId,
        ["keys"] = new JsonObject { ["ed25519"] = Keys.Ed25519 },
        ["recipient"] = device.UserId,
        ["recipient_keys"] = new JsonObject { ["ed25519"] = device.Ed25519 },
    };

    /// <summary>Encrypts an Olm payload for <paramref name="device"/>: the <c>m.room.encrypted</c> to-device content.</summary>
    public JsonObject EncryptToDevice(RawDeviceKeys device, JsonObject payload)
    {
        Session session;
        lock (_gate)
        {
            if (!_olm.TryGetValue(device.Curve25519, out var sessions) || sessions.Count == 0)
                throw new InvalidOperationException($"no Olm session with {device}: claim a one-time key first");
            session = sessions[0];
        }
        var message = session.Encrypt(CanonicalJson.Of(payload));
        return new JsonObject
        {
            ["algorithm"] = OlmAlgorithm,
            ["sender_key"] = Keys.Curve25519,
            ["ciphertext"] = new JsonObject
            {
                [device.Curve25519] = new JsonObject { ["type"] = (int)message.Type, ["body"] = message.Body },
            },
        };
    }

    /// <summary>
    /// Decrypts an <c>m.room.encrypted</c> to-device event from <paramref name="sender"/> and checks the payload names
    /// this device as recipient and the to-device sender as sender. Returns the payload; throws
    /// <see cref="RawProtocolException"/> when the message is not for this device, does not decrypt, or lies.
    /// </summary>
    public JsonObject DecryptToDevice(string sender, JsonObject content)
    {
        if ((string?)content["algorithm"] != OlmAlgorithm)
            throw new RawProtocolException($"to-device algorithm {(string?)content["algorithm"]} is not Olm");
        var senderKey = (string?)content["sender_key"] ?? throw new RawProtocolException("no sender_key");
        var mine = content["ciphertext"]?[Keys.Curve25519] ?? throw new RawProtocolException("no ciphertext for this device");
        var message = new OlmMessage((OlmMessageType)mine["type"]!.GetValue<int>(), mine["body"]!.GetValue<string>());
        var plaintext = DecryptOlm(senderKey, message);
        var payload = JsonNode.Parse(plaintext)?.AsObject() ?? throw new RawProtocolException("the Olm payload is not JSON");
        if ((string?)payload["sender"] != sender)
            throw new RawProtocolException($"the Olm payload claims sender {(string?)payload["sender"]}, the event came from {sender}");
        if ((string?)payload["recipient"] != UserId || (string?)payload["recipient_keys"]?["ed25519"] != Keys.Ed25519)
            throw new RawProtocolException("the Olm payload names another recipient");
        payload["sender_key"] = senderKey;
        return payload;
    }

    private string DecryptOlm(string senderKey, OlmMessage message)
    {
        lock (_gate)
        {
            foreach (var session in Sessions(senderKey))
            {
                if (message.Type == OlmMessageType.PreKey && !session.Matches(message)) continue;
                try
                {
                    return session.DecryptText(message);
                }
                catch (VodozemacException) when (message.Type == OlmMessageType.Normal)
                {
                    // another session with this device may be the right one
                }
            }
            if (message.Type != OlmMessageType.PreKey)
                throw new RawProtocolException($"no Olm session with {senderKey} decrypts the message");
            try
            {
                var created = _account.CreateInboundSession(senderKey, message);
                Sessions(senderKey).Insert(0, created.Session);
                return Encoding.UTF8.GetString(created.Plaintext);
            }
            catch (VodozemacException e)
            {
                throw new RawProtocolException($"a pre-key message from {senderKey} does not decrypt: {e.NativeMessage}", e);
            }
        }
    }

    private List<Session> Sessions(string curve) =>
        _olm.TryGetValue(curve, out var list) ? list : _olm[curve] = [];

    /// <summary>The outbound Megolm session for a room, created on first use.</summary>
    public RawOutboundSession Outbound(string roomId)
    {
        lock (_gate)
            if (_outbound.TryGetValue(roomId, out var existing)) return existing;
        return RotateOutbound(roomId);
    }

    /// <summary>
    /// Replaces the room's outbound session with a new one (a member left, or a test wants a fresh session). Like an
    /// SDK, the device keeps the inbound half, so it can read its own messages.
    /// </summary>
    public RawOutboundSession RotateOutbound(string roomId)
    {
        var created = new RawOutboundSession(roomId);
        AddRoomKey(new RawRoomKey(roomId, created.SessionId, created.Session.SessionKey, UserId, Keys.Curve25519, Keys.Ed25519));
        lock (_gate)
        {
            if (_outbound.Remove(roomId, out var old)) old.Dispose();
            return _outbound[roomId] = created;
        }
    }

    /// <summary>The <c>m.room_key</c> content for a session at its current index.</summary>
    public static JsonObject RoomKeyContent(RawOutboundSession session) => new()
    {
        ["algorithm"] = MegolmAlgorithm,
        ["room_id"] = session.RoomId,
        ["session_id"] = session.SessionId,
        ["session_key"] = session.Session.SessionKey,
    };

    /// <summary>Encrypts a room event with <paramref name="session"/>: the <c>m.room.encrypted</c> content.</summary>
    public JsonObject EncryptRoomEvent(RawOutboundSession session, string type, JsonObject content)
    {
        var plaintext = CanonicalJson.Of(new JsonObject { ["type"] = type, ["content"] = content, ["room_id"] = session.RoomId });
        return new JsonObject
        {
            ["algorithm"] = MegolmAlgorithm,
            ["sender_key"] = Keys.Curve25519,
            ["device_id"] = DeviceId,
            ["session_id"] = session.SessionId,
            ["ciphertext"] = session.Session.Encrypt(plaintext),
        };
    }

    /// <summary>
    /// Adds a room key received over Olm; false (nothing stored) when it does not parse or its session id does not
    /// match the key. A key already held is kept (the first one wins, as a careful client does).
    /// </summary>
    public bool AddRoomKey(RawRoomKey key)
    {
        InboundGroupSession session;
        try
        {
            session = new InboundGroupSession(key.SessionKey);
        }
        catch (VodozemacException)
        {
            return false;
        }
        if (session.SessionId != key.SessionId)
        {
            session.Dispose();
            return false;
        }
        lock (_gate)
        {
            if (_inbound.ContainsKey((key.RoomId, key.SessionId)))
            {
                session.Dispose();
                return true;
            }
            _inbound[(key.RoomId, key.SessionId)] = (session, key);
            return true;
        }
    }

    /// <summary>The room keys this device received, oldest first.</summary>
    public IReadOnlyList<RawRoomKey> ReceivedRoomKeys
    {
        get
        {
            lock (_gate) return _inbound.Values.Select(v => v.Key).ToList();
        }
    }

    /// <summary>An exported (unsigned) key of a received session from its first known index, for <c>m.forwarded_room_key</c>.</summary>
    public string ExportRoomKey(RawRoomKey key)
    {
        lock (_gate)
        {
            var session = _inbound[(key.RoomId, key.SessionId)].Session;
            return session.ExportAt(session.FirstKnownIndex);
        }
    }

    /// <summary>
    /// Decrypts a Megolm room event. The result says what a user of this device would see: the clear event, or a UTD
    /// with the protocol's failure code (unknown session, unknown index, a replayed index, a lying payload).
    /// </summary>
    public RawDecryption DecryptRoomEvent(string roomId, string eventId, string sender, JsonObject content)
    {
        var sessionId = (string?)content["session_id"];
        if ((string?)content["algorithm"] != MegolmAlgorithm || sessionId is null || content["ciphertext"] is not JsonValue)
            return RawDecryption.Failed(DecryptionFailureCode.UnknownError, sessionId, "not a Megolm event");
        (InboundGroupSession Session, RawRoomKey Key) entry;
        lock (_gate)
        {
            if (!_inbound.TryGetValue((roomId, sessionId), out entry))
                return RawDecryption.Failed(DecryptionFailureCode.MegolmUnknownInboundSessionId, sessionId, "no room key for the session");
        }
        MegolmDecryptResult result;
        try
        {
            result = entry.Session.Decrypt(content["ciphertext"]!.GetValue<string>());
        }
        catch (VodozemacException e)
        {
            var code = e.NativeMessage.Contains("unknown message index", StringComparison.OrdinalIgnoreCase)
                ? DecryptionFailureCode.OlmUnknownMessageIndex : DecryptionFailureCode.UnknownError;
            return RawDecryption.Failed(code, sessionId, e.NativeMessage);
        }
        if (!_replays.TryRecord(sessionId, result.MessageIndex, eventId))
            return RawDecryption.Failed(DecryptionFailureCode.UnknownError, sessionId,
                $"replay: index {result.MessageIndex} already decrypted {_replays.FirstEventAt(sessionId, result.MessageIndex)}");
        var clear = JsonNode.Parse(result.Text)?.AsObject();
        if (clear is null || (string?)clear["room_id"] != roomId || clear["type"] is null)
            return RawDecryption.Failed(DecryptionFailureCode.UnknownError, sessionId, "the plaintext names another room or no type");
        if (entry.Key.SenderUserId != sender)
            return RawDecryption.Failed(DecryptionFailureCode.UnknownError, sessionId,
                $"the session belongs to {entry.Key.SenderUserId}, the event claims {sender}");
        return new RawDecryption(DecryptionState.Decrypted, (string)clear["type"]!, clear["content"] as JsonObject, null,
            sessionId, null);
    }

    /// <summary>Frees every native object.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var s in _olm.Values.SelectMany(l => l)) s.Dispose();
            foreach (var s in _inbound.Values) s.Session.Dispose();
            foreach (var s in _outbound.Values) s.Dispose();
            _olm.Clear();
            _inbound.Clear();
            _outbound.Clear();
        }
        _account.Dispose();
    }
}
