using System.Net.Sockets;
using DotNet.Testcontainers.Containers;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Waiting;

namespace Matrix.Complement.Harness.Deployment;

/// <summary>
/// One running homeserver of a deployment, known by its logical name (<c>hs1</c>). Scenarios use the name; the
/// address and ports live here and nowhere else.
/// </summary>
public sealed class HomeserverHandle
{
    /// <summary>Client API port (plain HTTP), per the image contract.</summary>
    public const int ClientPort = 8008;

    /// <summary>Federation port (TLS), per the image contract.</summary>
    public const int FederationPort = 8448;

    private static int _userCounter;
    private readonly IContainer _container;
    private readonly string _runId;

    internal HomeserverHandle(string name, int index, IPAddress address, IPAddress proxyAddress, string image,
        IContainer container, HttpClient http, string runId)
    {
        Name = name;
        Index = index;
        Address = address;
        ProxyAddress = proxyAddress;
        Image = image;
        _container = container;
        _runId = runId;
        ClientBaseUrl = new Uri($"http://{proxyAddress}:{ClientPort}/");
        DirectClientBaseUrl = new Uri($"http://{address}:{ClientPort}/");
        Api = new ClientServerApi(http, ClientBaseUrl);
        DirectApi = new ClientServerApi(http, DirectClientBaseUrl);
    }

    /// <summary>Logical name and Matrix server name, e.g. <c>hs1</c>.</summary>
    public string Name { get; }

    /// <summary>1 for hs1, 2 for hs2, ….</summary>
    public int Index { get; }

    /// <summary>The loopback address both listeners bind.</summary>
    public IPAddress Address { get; }

    /// <summary>The loopback address where the fault-injection proxy stands in for this server.</summary>
    public IPAddress ProxyAddress { get; }

    /// <summary>The image this server runs.</summary>
    public string Image { get; }

    /// <summary>
    /// The client API as clients reach it: through the fault-injection proxy, so network rules apply. Hand this
    /// to every client.
    /// </summary>
    public Uri ClientBaseUrl { get; }

    /// <summary>The client API reached directly, bypassing the proxy (for the harness's own probes and baselines).</summary>
    public Uri DirectClientBaseUrl { get; }

    /// <summary>A raw client-server API client on <see cref="ClientBaseUrl"/> (through the proxy).</summary>
    public ClientServerApi Api { get; }

    /// <summary>A raw client-server API client on <see cref="DirectClientBaseUrl"/> (bypassing the proxy).</summary>
    public ClientServerApi DirectApi { get; }

    /// <summary>The container's name (carries the run id).</summary>
    public string ContainerName => _container.Name.TrimStart('/');

    /// <summary>
    /// Registers a fresh user whose localpart starts with <paramref name="actor"/> and is unique in the run,
    /// e.g. <c>alice-3-k2x9</c>. The user is tracked by the ambient <see cref="Network.TrafficLog"/>, if any.
    /// </summary>
    public async Task<MatrixSession> RegisterUserAsync(string actor, CancellationToken ct = default) =>
        Tracked(await Api.RegisterAsync(UniqueLocalpart(actor), "pw-" + Guid.NewGuid().ToString("N")[..12], ct: ct)
            .ConfigureAwait(false));

    /// <summary>Registers a server admin through the shared secret (<c>complement</c>); tracked like <see cref="RegisterUserAsync"/>.</summary>
    public async Task<MatrixSession> RegisterAdminAsync(string actor, CancellationToken ct = default) =>
        Tracked(await Api.RegisterWithSharedSecretAsync(UniqueLocalpart(actor), "pw-" + Guid.NewGuid().ToString("N")[..12],
            admin: true, ct: ct).ConfigureAwait(false));

    private static MatrixSession Tracked(MatrixSession session)
    {
        Network.TrafficLog.Current?.Track(session);
        return session;
    }

    /// <summary>Stops the server (graceful); its data stays in the container.</summary>
    public Task StopAsync(CancellationToken ct = default) => _container.StopAsync(ct);

    /// <summary>Starts a stopped server again and waits until its client API answers.</summary>
    public Task StartAsync(CancellationToken ct = default) => _container.StartAsync(ct);

    /// <summary>Stops and starts the server; returns once it answers again. Data is kept.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync(ct).ConfigureAwait(false);
        await StartAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Freezes the server's processes (requests hang, nothing is refused) until the returned scope is disposed.
    /// </summary>
    public async Task<IAsyncDisposable> PauseAsync(CancellationToken ct = default)
    {
        // The kernel's cgroup freezer gives up when a task does not freeze in time (a busy machine: "OCI runtime
        // pause failed: unable to freeze"); runc thaws the container again, so the pause is simply tried again.
        await Eventually.SatisfiesAsync($"{Name} is paused", Timeouts.Request, async c =>
        {
            try
            {
                await _container.PauseAsync(c).ConfigureAwait(false);
                return null;
            }
            catch (Docker.DotNet.DockerApiException e) when (e.ResponseBody?.Contains("unable to freeze", StringComparison.Ordinal) == true)
            {
                return e.ResponseBody!.Trim();
            }
        }, failure => failure, ct, TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
        return new Scope(() => _container.UnpauseAsync(CancellationToken.None));
    }

    /// <summary>The server's log lines (stdout and stderr, with Docker timestamps) since <paramref name="sinceUtc"/>.</summary>
    public async Task<string> GetLogsAsync(DateTime sinceUtc, CancellationToken ct = default)
    {
        var (stdout, stderr) = await _container.GetLogsAsync(sinceUtc, default, true, ct).ConfigureAwait(false);
        return stdout.Length == 0 ? stderr : stdout + stderr;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Address}, {Image})";

    internal static string UniqueLocalpart(string actor) =>
        $"{actor.ToLowerInvariant()}-{Interlocked.Increment(ref _userCounter)}-{Guid.NewGuid().ToString("N")[..4]}";

    /// <summary>Throws if something already listens where this server is about to bind (an orphan of a dead run).</summary>
    internal static void EnsureAddressFree(string name, IPAddress address)
    {
        foreach (var port in new[] { ClientPort, FederationPort })
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Connect(new IPEndPoint(address, port));
            }
            catch (SocketException)
            {
                continue; // refused: free
            }
            throw new InvalidOperationException(
                $"{address}:{port}, where {name} is about to listen, already accepts connections. A process or container " +
                $"from another run holds it; list containers with `docker ps --filter label={ContainerLabels.Run}` " +
                "and remove the stale one.");
        }
    }

    internal IContainer Container => _container;

    internal string RunId => _runId;

    private sealed class Scope(Func<Task> undo) : IAsyncDisposable
    {
        private int _done;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) await undo().ConfigureAwait(false);
        }
    }
}
