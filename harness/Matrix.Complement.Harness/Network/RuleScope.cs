using System.Diagnostics;

namespace Matrix.Complement.Harness.Network;

/// <summary>
/// Installed fault rules that last until disposed (<c>await using</c>): disposal removes them and lets every held
/// request go, even when the test failed. Also the test's view of what the rules did: how often they fired,
/// what is held, what was sniffed.
/// </summary>
public sealed class RuleScope : IAsyncDisposable
{
    private readonly RuleSet _set;
    private readonly List<ActiveRule> _rules = [];
    private readonly List<SniffedFlow> _sniffed = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Func<ValueTask>? _onDispose;
    private int _matches;
    private int _held;
    private int _disposed;

    internal RuleScope(RuleSet set, string description)
    {
        _set = set;
        Description = description;
    }

    /// <summary>What the scope does, for messages.</summary>
    public string Description { get; }

    /// <summary>Whether the scope was disposed: a flow that matched before then no longer gets its response actions.</summary>
    internal bool IsDisposed => Volatile.Read(ref _disposed) == 1;

    /// <summary>How many requests the scope's rules have acted on so far.</summary>
    public int Matches => Volatile.Read(ref _matches);

    /// <summary>How many requests (or responses) are held right now.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>The flows recorded by sniff rules, oldest first.</summary>
    public IReadOnlyList<SniffedFlow> Sniffed
    {
        get
        {
            lock (_gate) return [.. _sniffed];
        }
    }

    /// <summary>Lets every held request continue, and every later match pass without being held.</summary>
    public void Release()
    {
        _released.TrySetResult();
        Signal();
    }

    /// <summary>Waits until the rules have acted on at least <paramref name="count"/> requests.</summary>
    public Task WaitForMatchesAsync(int count = 1, TimeSpan? timeout = null, CancellationToken ct = default) =>
        WaitUntilAsync(() => Matches >= count, $"{count} request(s) matched '{Description}'", () => $"{Matches} matched",
            timeout, ct);

    /// <summary>Waits until at least <paramref name="count"/> requests are held at once.</summary>
    public Task WaitForHeldAsync(int count = 1, TimeSpan? timeout = null, CancellationToken ct = default) =>
        WaitUntilAsync(() => Held >= count, $"{count} request(s) held by '{Description}'",
            () => $"{Held} held, {Matches} matched", timeout, ct);

    /// <summary>Waits until sniff rules have recorded at least <paramref name="count"/> flows, and returns them.</summary>
    public async Task<IReadOnlyList<SniffedFlow>> WaitForSniffedAsync(int count = 1, TimeSpan? timeout = null,
        CancellationToken ct = default)
    {
        await WaitUntilAsync(() => Sniffed.Count >= count, $"{count} flow(s) sniffed by '{Description}'",
            () => $"{Sniffed.Count} sniffed", timeout, ct).ConfigureAwait(false);
        return Sniffed;
    }

    /// <summary>Removes the rules and releases everything held. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _set.Remove(_rules);
        Release();
        if (_onDispose is not null) await _onDispose().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => Description;

    internal void AddRule(NetworkRule rule, FaultAction action, TrafficLog? ambient) =>
        _rules.Add(new ActiveRule(rule, action, this, ambient));

    internal IReadOnlyList<ActiveRule> Rules => _rules;

    internal void OnDispose(Func<ValueTask> undo) => _onDispose = undo;

    internal void OnFired()
    {
        Interlocked.Increment(ref _matches);
        Signal();
    }

    internal void Record(SniffedFlow flow)
    {
        lock (_gate) _sniffed.Add(flow);
        Signal();
    }

    /// <summary>Holds the caller until <see cref="Release"/> (returns at once if already released).</summary>
    internal async Task HoldAsync(CancellationToken ct)
    {
        if (_released.Task.IsCompleted) return;
        Interlocked.Increment(ref _held);
        Signal();
        try
        {
            await _released.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _held);
            Signal();
        }
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }

    private async Task WaitUntilAsync(Func<bool> condition, string expectation, Func<string> state, TimeSpan? timeout,
        CancellationToken ct)
    {
        var budget = timeout ?? Waiting.Timeouts.MessageDelivery;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Task changed;
            lock (_gate) changed = _changed.Task;
            if (condition()) return;
            var left = budget - clock.Elapsed;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"Timed out after {clock.Elapsed.TotalSeconds:F1}s waiting until {expectation} ({state()}).");
            try
            {
                await changed.WaitAsync(left, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // loop once more: the condition is checked, then the timeout is reported
            }
        }
    }
}
