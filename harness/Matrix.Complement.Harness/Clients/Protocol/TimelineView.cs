using System.Diagnostics;

namespace Matrix.Complement.Harness.Clients.Protocol;

/// <summary>
/// The timeline a driver pushed to the harness, per room: the latest state of each event, and waiters that
/// re-evaluate their predicate on every update of their room (no polling).
/// </summary>
public sealed class TimelineView
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<TimelineEvent>> _rooms = new(StringComparer.Ordinal);
    private readonly List<Waiter> _waiters = [];

    /// <summary>Applies one pushed event. A stale "pending" never replaces a settled state.</summary>
    public void Update(TimelineEvent ev)
    {
        if (ev.EventId.Length == 0) return;
        List<Waiter> ready;
        lock (_gate)
        {
            if (!_rooms.TryGetValue(ev.RoomId, out var events)) _rooms[ev.RoomId] = events = [];
            var index = events.FindIndex(e => e.EventId == ev.EventId);
            if (index < 0) events.Add(ev);
            else if (!(ev.Decryption == DecryptionState.Pending && events[index].Decryption != DecryptionState.Pending))
                events[index] = ev;
            else return;
            var current = events.Find(e => e.EventId == ev.EventId)!;
            ready = _waiters.Where(w => w.RoomId == ev.RoomId && w.Predicate(current)).ToList();
            foreach (var w in ready) _waiters.Remove(w);
            foreach (var w in ready) w.Completion.TrySetResult(current);
        }
    }

    /// <summary>Forgets everything (a restarted client pushes its view again).</summary>
    public void Reset()
    {
        lock (_gate) _rooms.Clear();
    }

    /// <summary>The events of a room, in arrival order.</summary>
    public IReadOnlyList<TimelineEvent> Events(string roomId)
    {
        lock (_gate) return _rooms.TryGetValue(roomId, out var events) ? events.ToList() : [];
    }

    /// <summary>
    /// The first event of the room that satisfies the predicate, now or when it arrives; null after
    /// <paramref name="timeout"/>.
    /// </summary>
    public async Task<TimelineEvent?> WaitAsync(string roomId, Func<TimelineEvent, bool> predicate, TimeSpan timeout,
        CancellationToken ct)
    {
        var waiter = new Waiter(roomId, predicate);
        lock (_gate)
        {
            if (_rooms.TryGetValue(roomId, out var events) && events.Find(e => predicate(e)) is { } found) return found;
            _waiters.Add(waiter);
        }
        try
        {
            return await waiter.Completion.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            lock (_gate) _waiters.Remove(waiter);
        }
    }

    /// <summary>
    /// <see cref="WaitAsync"/> as a <see cref="Result{T}"/>: on timeout the failure names <paramref name="who"/>, the
    /// expectation, the elapsed time and the room's events, then <paramref name="note"/> (read at that moment).
    /// </summary>
    public async Task<Result<TimelineEvent>> TryWaitAsync(string who, string roomId, Func<TimelineEvent, bool> predicate,
        string expectation, TimeSpan timeout, CancellationToken ct, Func<string>? note = null)
    {
        var clock = Stopwatch.StartNew();
        var found = await WaitAsync(roomId, predicate, timeout, ct).ConfigureAwait(false);
        return found is not null
            ? Result<TimelineEvent>.Ok(found)
            : Result<TimelineEvent>.Fail($"{who}: {Describe(roomId, expectation, clock)}{note?.Invoke()}");
    }

    /// <summary>A failure text: the expectation, elapsed time, and the room's events as the client sees them.</summary>
    public string Describe(string roomId, string expectation, Stopwatch clock)
    {
        var events = Events(roomId);
        var lines = events.TakeLast(25).Select(e => "  " + e);
        return $"expected {expectation}; after {clock.Elapsed.TotalSeconds:F1}s the client has {events.Count} event(s) " +
               $"in {roomId} ({events.Count(e => e.IsUnableToDecrypt)} UTD, " +
               $"{events.Count(e => e.Decryption == DecryptionState.Pending)} pending):\n" + string.Join("\n", lines);
    }

    private sealed record Waiter(string RoomId, Func<TimelineEvent, bool> Predicate)
    {
        public TaskCompletionSource<TimelineEvent> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
