using System.Diagnostics;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Images;
using Matrix.Complement.Harness.Configuration;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Network;
using Matrix.Complement.Harness.Waiting;

namespace Matrix.Complement.Harness.Deployment;

/// <summary>
/// Homeservers hs1..hsN in containers on the host network, each on its own loopback address, federating over
/// TLS with a per-run CA, with the in-process fault-injection proxy in front of every client API (and, as an
/// option, between the servers). Dispose stops the proxy and removes every container it started.
/// </summary>
public sealed class Deployment : IAsyncDisposable
{
    private readonly LoopbackSlot _slot;
    private readonly RunCertificateAuthority _ca;
    private readonly List<HomeserverHandle> _servers;
    private readonly HttpClient _http;

    private Deployment(LoopbackSlot slot, RunCertificateAuthority ca, List<HomeserverHandle> servers, HttpClient http,
        NetworkFaults network, string directory, TimeSpan startTime)
    {
        _slot = slot;
        _ca = ca;
        _servers = servers;
        _http = http;
        Network = network;
        Directory = directory;
        StartTime = startTime;
    }

    /// <summary>The network faults API: rules, partitions, pauses and per-test flow logs.</summary>
    public NetworkFaults Network { get; }

    /// <summary>The servers, hs1 first.</summary>
    public IReadOnlyList<HomeserverHandle> Homeservers => _servers;

    /// <summary>The server with the logical name <paramref name="name"/>.</summary>
    public HomeserverHandle this[string name] => _servers.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"No homeserver '{name}' in this deployment (it has {string.Join(", ", _servers.Select(s => s.Name))}).");

    /// <summary>The run this deployment belongs to.</summary>
    public string RunId => RunContext.Current.RunId;

    /// <summary>The deployment's folder of certificates and overlays.</summary>
    public string Directory { get; }

    /// <summary>The per-run CA, for anything that must trust the servers (the proxy, browsers).</summary>
    public RunCertificateAuthority CertificateAuthority => _ca;

    /// <summary>The loopback slot this deployment owns.</summary>
    public LoopbackSlot Slot => _slot;

    /// <summary>Wall time from the call to every server answering.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>Name → address of every server itself (a container's own name always maps to its own address).</summary>
    public IReadOnlyDictionary<string, IPAddress> HostMap => _servers.ToDictionary(s => s.Name, s => s.Address);

    /// <summary>Name → address as other servers resolve it: the proxy's when federation is routed through it.</summary>
    public IReadOnlyDictionary<string, IPAddress> FederationHostMap => _servers.ToDictionary(s => s.Name,
        s => Network.RoutesFederation ? s.ProxyAddress : s.Address);

    /// <summary>Starts the servers in parallel and returns once all answer.</summary>
    public static async Task<Deployment> StartAsync(DeploymentOptions? options = null, CancellationToken ct = default)
    {
        options ??= new DeploymentOptions();
        if (options.Homeservers is < 1 or > 9)
            throw new ArgumentOutOfRangeException(nameof(options), "A deployment has 1 to 9 homeservers.");
        var clock = Stopwatch.StartNew();
        await DockerEngine.SweepDeadRunsAsync(ct).ConfigureAwait(false);

        var run = RunContext.Current;
        var slot = LoopbackSlot.Acquire();
        var ca = RunCertificateAuthority.Create(run.RunId);
        var directory = Path.Combine(run.Directory, "deployments", $"slot{slot.Number}-{DateTime.UtcNow:HHmmssfff}");
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            Timeout = Timeouts.Request,
        };
        var names = Enumerable.Range(1, options.Homeservers).Select(i => $"hs{i}").ToList();
        var servers = new List<HomeserverHandle>();
        NetworkFaults? network = null;
        try
        {
            foreach (var (name, index) in names.Select((n, i) => (n, i + 1)))
            {
                var address = slot.HomeserverAddress(index);
                HomeserverHandle.EnsureAddressFree(name, address);
                var image = options.Images.TryGetValue(name, out var own) ? own : HarnessSettings.ImageFor(name);
                var container = Build(run.RunId, slot, name, address, image, names, directory, ca, options);
                servers.Add(new HomeserverHandle(name, index, address, slot.ProxyAddress(index), image, container, http, run.RunId));
            }
            network = await NetworkFaults.StartAsync(slot, ca, names, options.RouteFederationThroughProxy, directory,
                n => servers.FirstOrDefault(s => s.Name == n) ?? throw new ArgumentException(
                    $"No homeserver '{n}' in this deployment (it has {string.Join(", ", names)})."), ct).ConfigureAwait(false);
            await Task.WhenAll(servers.Select(s => StartOneAsync(s, options, ct))).ConfigureAwait(false);
            return new Deployment(slot, ca, servers, http, network, directory, clock.Elapsed);
        }
        catch (Exception startFailure)
        {
            try
            {
                if (network is not null) await network.DisposeAsync().ConfigureAwait(false);
                await Task.WhenAll(servers.Select(s => s.Container.DisposeAsync().AsTask())).ConfigureAwait(false);
            }
            catch (Exception cleanupFailure)
            {
                throw new AggregateException("The deployment failed to start, and cleaning up after it failed too " +
                                             "(containers may be left: the next run's sweep removes them).", startFailure, cleanupFailure);
            }
            finally
            {
                http.Dispose();
                ca.Dispose();
                slot.Dispose();
            }
            throw;
        }
    }

    private static IContainer Build(string runId, LoopbackSlot slot, string name, IPAddress address, string image,
        IReadOnlyList<string> names, string directory, RunCertificateAuthority ca, DeploymentOptions options)
    {
        var caDir = ca.WriteServerFolder(Path.Combine(directory, name, "ca"), name, address);
        var timeout = options.StartTimeout ?? Timeouts.ContainerStart;
        var builder = new ContainerBuilder(image)
            .WithName($"mc-{runId}-s{slot.Number}-{name}")
            .WithLogger(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance) // failures carry the log tail instead
            .WithLabel(ContainerLabels.Run, runId)
            .WithLabel(ContainerLabels.Owner, ContainerLabels.CurrentOwner)
            .WithImagePullPolicy(PullPolicy.Never)
            .WithCreateParameterModifier(p => p.HostConfig!.NetworkMode = "host")
            .WithEnvironment("SERVER_NAME", name)
            .WithEnvironment("BIND_ADDRESS", address.ToString())
            .WithBindMount(caDir, "/complement/ca", AccessMode.ReadOnly)
            .WithWaitStrategy(Wait.ForUnixContainer().AddCustomWaitStrategy(
                new ClientApiAnswers(new Uri($"http://{address}:{HomeserverHandle.ClientPort}/_matrix/client/versions")),
                w => w.WithTimeout(timeout).WithInterval(TimeSpan.FromMilliseconds(100))));
        for (var i = 0; i < names.Count; i++)
        {
            // A server's own name maps to itself; the others map to the proxy when federation is routed through it.
            var target = options.RouteFederationThroughProxy && names[i] != name
                ? slot.ProxyAddress(i + 1)
                : slot.HomeserverAddress(i + 1);
            builder = builder.WithExtraHost(names[i], target.ToString());
        }
        if (options.ConfigOverlays.TryGetValue(name, out var overlay))
        {
            var confDir = Path.Combine(directory, name, "conf.d");
            System.IO.Directory.CreateDirectory(confDir);
            File.WriteAllText(Path.Combine(confDir, "overlay.yaml"), overlay);
            builder = builder.WithBindMount(confDir, "/complement/conf.d", AccessMode.ReadOnly);
        }
        if (options.CommandOverride is { } command)
            builder = builder.WithEntrypoint(command[0]).WithCommand(command.Skip(1).ToArray());
        return builder.Build();
    }

    private static async Task StartOneAsync(HomeserverHandle server, DeploymentOptions options, CancellationToken ct)
    {
        var timeout = options.StartTimeout ?? Timeouts.ContainerStart;
        var clock = Stopwatch.StartNew();
        try
        {
            await server.Container.StartAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or ContainerNotRunningException ||
                                  e.InnerException is TimeoutException)
        {
            var tail = await LogTailAsync(server).ConfigureAwait(false);
            var why = e is ContainerNotRunningException ? "exited before it answered" : $"did not answer within {timeout.TotalSeconds:F0}s";
            throw new HomeserverStartException(
                $"{server.Name} ({server.Image}) {why} on {server.ClientBaseUrl}_matrix/client/versions " +
                $"after {clock.Elapsed.TotalSeconds:F1}s. Raise {HarnessSettings.HomeserverStartTimeout.Name} if the " +
                $"machine is slow, or check the image honours the contract (README). Last log lines of {server.ContainerName}:\n{tail}", e);
        }
    }

    private static async Task<string> LogTailAsync(HomeserverHandle server)
    {
        try
        {
            var log = await server.GetLogsAsync(DateTime.MinValue, CancellationToken.None).ConfigureAwait(false);
            var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return "  | " + string.Join("\n  | ", lines.TakeLast(30));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"  (log unavailable: {e.Message})";
        }
    }

    /// <summary>Stops the proxy, removes every container of this deployment and releases its addresses.</summary>
    public async ValueTask DisposeAsync()
    {
        // Each step runs even when an earlier one throws, so a failing proxy never leaves containers or the slot behind.
        try
        {
            await Network.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            try
            {
                await Task.WhenAll(_servers.Select(s => s.Container.DisposeAsync().AsTask())).ConfigureAwait(false);
            }
            finally
            {
                _http.Dispose();
                _ca.Dispose();
                _slot.Dispose();
            }
        }
    }
}
