namespace Vodozemac.Net;

/// <summary>
/// Megolm replay detection, which vodozemac leaves to the client: remembers which event each (session id, message
/// index) first decrypted for. The same index seen again for a <em>different</em> event is a replay; decrypting the
/// same event again (a re-sync, a re-render) is not. Thread-safe.
/// </summary>
public sealed class MegolmReplayGuard
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string SessionId, uint Index), string> _seen = [];

    /// <summary>
    /// Records that <paramref name="eventId"/> decrypted at <paramref name="messageIndex"/> of
    /// <paramref name="sessionId"/>. Returns false (and records nothing) when that index was already used by another
    /// event: the message is a replay and must not be shown as trusted.
    /// </summary>
    public bool TryRecord(string sessionId, uint messageIndex, string eventId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(eventId);
        lock (_gate)
        {
            if (_seen.TryGetValue((sessionId, messageIndex), out var first)) return first == eventId;
            _seen[(sessionId, messageIndex)] = eventId;
            return true;
        }
    }

    /// <summary>The event that first used (session id, message index), or null.</summary>
    public string? FirstEventAt(string sessionId, uint messageIndex)
    {
        lock (_gate) return _seen.TryGetValue((sessionId, messageIndex), out var first) ? first : null;
    }
}
