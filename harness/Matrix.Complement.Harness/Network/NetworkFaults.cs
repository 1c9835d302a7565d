using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Http;

namespace Matrix.Complement.Harness.Network;

/// <summary>
/// The network between clients and homeservers, and between homeservers (<c>deployment.Network</c>): the fault
/// rules of the in-process proxy, one-line helpers (partition, pause), and per-test flow logs. Every fault is a
/// scope: <c>await using (await deployment.Network.PartitionAsync("hs1", "hs2", ct)) { … }</c> heals on
/// disposal, even when the test fails.
/// </summary>
/// <remarks>
/// Isolation: a rule touches only the traffic of the users or tokens it names (by default, those of the
/// ambient <see cref="TrafficLog"/>). Server-wide rules, federation rules and partitions touch everyone's traffic
/// on the shared servers, so tests using them must be <c>[NonParallelizable]</c>.
/// </remarks>
public sealed class NetworkFaults : IAsyncDisposable
{
    private readonly ProxyServer _proxy;
    private readonly RuleSet _rules;
    private readonly TokenDirectory _tokens;
    private readonly FlowJournal _journal;
    private readonly Func<string, HomeserverHandle> _server;

    private NetworkFaults(ProxyServer proxy, RuleSet rules, TokenDirectory tokens, FlowJournal journal,
        Func<string, HomeserverHandle> server, bool routesFederation)
    {
        _proxy = proxy;
        _rules = rules;
        _tokens = tokens;
        _journal = journal;
        _server = server;
        RoutesFederation = routesFederation;
    }

    /// <summary>True when federation between the servers passes through the proxy (and can be faulted).</summary>
    public bool RoutesFederation { get; }

    /// <summary>The deployment-wide flow log (JSON lines, redacted): every request through the proxy.</summary>
    public string FlowFile => _journal.Path;

    /// <summary>How many rules are installed right now (all tests together).</summary>
    public int ActiveRules => _rules.Count;

    /// <summary>Installs <paramref name="action"/> for requests matching <paramref name="rule"/> until the scope is disposed.</summary>
    public Task<RuleScope> InterceptAsync(NetworkRule rule, FaultAction action, CancellationToken ct = default) =>
        InstallAsync($"{rule} -> {action}", [(rule, action)], ct);

    /// <summary>Holds matching requests (or their responses) until <see cref="RuleScope.Release"/> or disposal.</summary>
    public Task<RuleScope> HoldAsync(NetworkRule rule, FaultPoint point = FaultPoint.Request, CancellationToken ct = default) =>
        InterceptAsync(rule, FaultAction.Hold(point), ct);

    /// <summary>Delays matching requests by <paramref name="latency"/> before they reach the server.</summary>
    public Task<RuleScope> AddLatencyAsync(NetworkRule rule, TimeSpan latency, CancellationToken ct = default) =>
        InterceptAsync(rule, FaultAction.Delay(latency), ct);

    /// <summary>Fails the first <paramref name="times"/> matching requests with <paramref name="status"/>.</summary>
    public Task<RuleScope> FailAsync(NetworkRule rule, int times, int status = 504, CancellationToken ct = default) =>
        InterceptAsync(rule, FaultAction.Fail(status).Times(times), ct);

    /// <summary>Records matching requests and responses (see <see cref="RuleScope.Sniffed"/>) and calls back.</summary>
    public Task<RuleScope> SniffAsync(NetworkRule rule, Action<SniffedFlow>? callback = null, CancellationToken ct = default) =>
        InterceptAsync(rule, FaultAction.Sniff(callback), ct);

    /// <summary>
    /// Cuts federation between <paramref name="a"/> and <paramref name="b"/> in both directions: their requests to
    /// each other are dropped before they arrive, so each sees connection failures and queues for retry. Heals on
    /// disposal. Unsigned requests (key fetches) to either server are dropped whoever sends them. Needs
    /// <see cref="DeploymentOptions.RouteFederationThroughProxy"/>; the test must be <c>[NonParallelizable]</c>.
    /// </summary>
    public Task<RuleScope> PartitionAsync(string a, string b, CancellationToken ct = default)
    {
        if (!RoutesFederation)
            throw new InvalidOperationException($"Cannot partition {a} and {b}: federation does not pass through the proxy in this " +
                $"deployment. Start it with {nameof(DeploymentOptions)}.{nameof(DeploymentOptions.RouteFederationThroughProxy)} = true.");
        _ = _server(a);
        _ = _server(b);
        var drop = FaultAction.Drop();
        return InstallAsync($"partition {a} <-> {b}",
        [
            (NetworkRule.Federation(b).WhereOrigin(o => o is null || o == a).Named($"partition {a} -> {b}"), drop),
            (NetworkRule.Federation(a).WhereOrigin(o => o is null || o == b).Named($"partition {b} -> {a}"), drop),
        ], ct);
    }

    /// <summary>Freezes <paramref name="server"/>'s container until the scope is disposed (requests hang, none is refused).</summary>
    public Task<IAsyncDisposable> PauseAsync(string server, CancellationToken ct = default) => _server(server).PauseAsync(ct);

    /// <summary>
    /// Opens the test's flow log and makes it the ambient one for the calling async flow (call it from the test
    /// or a synchronous set-up). Dispose it at the end of the test: it writes <see cref="TrafficLogOptions.FileName"/>
    /// into <paramref name="artefacts"/>' folder.
    /// </summary>
    public TrafficLog OpenTrafficLog(TestArtefacts? artefacts, TrafficLogOptions? options = null) =>
        new(_journal, _tokens, artefacts, options ?? new TrafficLogOptions());

    /// <summary>
    /// Tells the proxy a session's token (for sessions created without it, e.g. directly against a server) and
    /// tracks it in the ambient traffic log.
    /// </summary>
    public void Track(MatrixSession session)
    {
        _tokens.Add(session.AccessToken, session.UserId);
        TrafficLog.Current?.Track(session);
    }

    /// <summary>Stops the proxy and flushes the flow log.</summary>
    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync().ConfigureAwait(false);
        await _journal.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Starts the proxy for a deployment's servers (before their containers, so federation works at once).</summary>
    internal static async Task<NetworkFaults> StartAsync(LoopbackSlot slot, RunCertificateAuthority ca,
        IReadOnlyList<string> names, bool routeFederation, string directory, Func<string, HomeserverHandle> server,
        CancellationToken ct)
    {
        var endpoints = new List<ProxyEndpoint>();
        for (var i = 1; i <= names.Count; i++)
        {
            var proxy = slot.ProxyAddress(i);
            var own = slot.HomeserverAddress(i);
            endpoints.Add(new ProxyEndpoint(names[i - 1], TrafficDirection.ClientServer,
                new IPEndPoint(proxy, HomeserverHandle.ClientPort), new Uri($"http://{own}:{HomeserverHandle.ClientPort}/"), null));
            if (routeFederation)
                endpoints.Add(new ProxyEndpoint(names[i - 1], TrafficDirection.Federation,
                    new IPEndPoint(proxy, HomeserverHandle.FederationPort),
                    new Uri($"https://{own}:{HomeserverHandle.FederationPort}/"), ca.Issue(names[i - 1], proxy)));
        }
        var journal = new FlowJournal(Path.Combine(directory, "proxy-flows.jsonl"));
        var rules = new RuleSet();
        var tokens = new TokenDirectory();
        try
        {
            var proxyServer = await ProxyServer.StartAsync(endpoints, ca.Certificate, rules, tokens, journal, ct).ConfigureAwait(false);
            return new NetworkFaults(proxyServer, rules, tokens, journal, server, routeFederation);
        }
        catch
        {
            await journal.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private Task<RuleScope> InstallAsync(string description, IReadOnlyList<(NetworkRule Rule, FaultAction Action)> rules,
        CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var ambient = TrafficLog.Current;
        foreach (var (rule, _) in rules)
        {
            rule.EnsureScoped(ambient is not null);
            if (rule.Direction == TrafficDirection.Federation && !RoutesFederation)
                throw new InvalidOperationException($"Rule '{rule}' matches federation traffic, which does not pass through the proxy " +
                    $"in this deployment; start it with {nameof(DeploymentOptions)}.{nameof(DeploymentOptions.RouteFederationThroughProxy)} = true.");
            if (rule.Server is not null) _ = _server(rule.Server);
        }
        var scope = new RuleScope(_rules, description);
        foreach (var (rule, action) in rules)
            scope.AddRule(rule, action, rule.IsUserScoped || rule.IsServerWide ? null : ambient);
        _rules.Add(scope.Rules);
        return Task.FromResult(scope);
    }
}
