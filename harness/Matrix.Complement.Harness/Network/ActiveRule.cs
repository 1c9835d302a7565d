namespace Matrix.Complement.Harness.Network;

/// <summary>A rule installed in the proxy with its action, the scope that owns it and its match counter.</summary>
internal sealed class ActiveRule(NetworkRule rule, FaultAction action, RuleScope scope, TrafficLog? ambient)
{
    private int _fired;

    public NetworkRule Rule { get; } = rule;

    public FaultAction Action { get; } = action;

    public RuleScope Scope { get; } = scope;

    /// <summary>Whether the request matches everything but the body (users default to the ambient log's).</summary>
    public bool MatchesHead(ProxyRequest request)
    {
        if (!Rule.MatchesHead(request)) return false;
        if (Rule.IsUserScoped || Rule.IsServerWide) return true;
        return ambient is not null && ambient.Owns(request);
    }

    /// <summary>Counts a match; false once the action's limit is used up (the request then passes untouched).</summary>
    public bool TryFire()
    {
        var n = Interlocked.Increment(ref _fired);
        if (Action.Limit is { } limit && n > limit) return false;
        Scope.OnFired();
        return true;
    }

    /// <summary>The name shown in flow logs.</summary>
    public string Label => $"{Rule} -> {Action}";
}
