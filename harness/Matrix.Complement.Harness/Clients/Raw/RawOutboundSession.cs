using Vodozemac.Net;

namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>A raw device's outbound Megolm session in one room, and the devices it was shared with.</summary>
public sealed class RawOutboundSession : IDisposable
{
    private readonly HashSet<(string UserId, string DeviceId)> _sharedWith = [];

    internal RawOutboundSession(string roomId)
    {
        RoomId = roomId;
        Session = new GroupSession();
        SessionId = Session.SessionId;
    }

    /// <summary>The room.</summary>
    public string RoomId { get; }

    /// <summary>The Megolm session id.</summary>
    public string SessionId { get; }

    /// <summary>The native session.</summary>
    public GroupSession Session { get; }

    /// <summary>When the session was created (its age counts against the room's <c>rotation_period_ms</c>).</summary>
    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// How many room events were encrypted with it (counted against the room's <c>rotation_period_msgs</c>): the
    /// Megolm ratchet's index, which every encryption advances by one.
    /// </summary>
    public int MessagesSent => (int)Session.MessageIndex;

    /// <summary>The devices that received the key, so far.</summary>
    public IReadOnlyCollection<(string UserId, string DeviceId)> SharedWith
    {
        get
        {
            lock (_sharedWith) return _sharedWith.ToList();
        }
    }

    /// <summary>Records that <paramref name="device"/> received the key.</summary>
    public void MarkShared(RawDeviceKeys device)
    {
        lock (_sharedWith) _sharedWith.Add((device.UserId, device.DeviceId));
    }

    /// <summary>True when <paramref name="device"/> received the key.</summary>
    public bool IsSharedWith(RawDeviceKeys device)
    {
        lock (_sharedWith) return _sharedWith.Contains((device.UserId, device.DeviceId));
    }

    /// <summary>Frees the native session.</summary>
    public void Dispose() => Session.Dispose();
}
