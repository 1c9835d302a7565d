namespace Matrix.Complement.Harness.Clients.Protocol;

/// <summary>
/// What the driver pushed about crypto state (PROTOCOL.md "Pushed events"): every <c>trustChanged</c>, and a signal
/// on each event after which a user's or device's trust may read differently (<c>trustChanged</c>,
/// <c>devicesUpdated</c>, <c>sync</c>). Waits on trust re-read the state on each signal, never on a timer.
/// </summary>
public sealed class CryptoStateView
{
    private readonly Lock _gate = new();
    private readonly List<UserTrustChange> _trust = [];
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Applies one pushed event; returns whether it was a crypto-state signal.</summary>
    public bool Update(DriverEvent ev)
    {
        if (ev.Name is not ("trustChanged" or "devicesUpdated" or "sync")) return false;
        TaskCompletionSource fired;
        lock (_gate)
        {
            if (ev.Name == "trustChanged" && ev.Data["userId"]?.GetValue<string>() is { } userId)
                _trust.Add(new UserTrustChange(userId, new UserVerificationStatus(
                    ev.Data["verified"]?.GetValue<bool>() ?? false, ev.Data["wasVerified"]?.GetValue<bool>() ?? false,
                    ev.Data["needsUserApproval"]?.GetValue<bool>() ?? false), ev.AtMs));
            fired = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        fired.TrySetResult();
        return true;
    }

    /// <summary>Completes at the next signal. Take it BEFORE reading the state, so no change slips between.</summary>
    public Task NextChange()
    {
        lock (_gate) return _next.Task;
    }

    /// <summary>The trust changes pushed since the last <see cref="Reset"/>, oldest first.</summary>
    public IReadOnlyList<UserTrustChange> TrustChanges(string? userId = null)
    {
        lock (_gate) return [.. _trust.Where(t => userId is null || t.UserId == userId)];
    }

    /// <summary>Forgets what was pushed (a new driver session starts).</summary>
    public void Reset()
    {
        lock (_gate) _trust.Clear();
    }
}
