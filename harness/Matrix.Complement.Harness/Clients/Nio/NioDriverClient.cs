using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Matrix.Complement.Harness.Clients.Protocol;
using Matrix.Complement.Harness.Configuration;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Waiting;

namespace Matrix.Complement.Harness.Clients.Nio;

/// <summary>
/// The <c>nio</c> client kind: matrix-nio on libolm (Debian's packages) behind the driver protocol, one container a
/// device (<c>docker run -i --rm --network host</c> of the image set-up builds from fixtures/clients/nio). Commands go
/// to the driver's stdin, results and pushed events come back on its stdout, its stderr is kept as the test's
/// driver log. The device's store (nio's SQLite) is a folder of the deployment bind-mounted into the container, so
/// a restart (a new container on the same folder) keeps the device, a crash is a SIGKILL of the container, and
/// deleting the storage deletes the folder. Containers carry the run and owner labels, so the sweep of dead runs
/// removes any the harness could not.
/// </summary>
public sealed class NioDriverClient : DriverClient
{
    private static readonly ConcurrentDictionary<string, bool> CheckedImages = new(StringComparer.Ordinal);

    private readonly string _image;
    private readonly string _runId;
    private readonly string _storeDirectory;
    private readonly List<string> _log = [];
    private readonly ConcurrentDictionary<long, TaskCompletionSource<string>> _pending = new();
    private readonly SemaphoreSlim _stdin = new(1, 1);
    private Process? _process;
    private string? _container;
    private Task? _readers;
    private int _containerNumber;
    private bool _deleted;
    private bool _logWritten;

    private NioDriverClient(string image, string runId, string storeDirectory, string actor, HomeserverHandle server,
        MatrixSession session, ClientOptions options) : base(actor, ClientKind.Nio, server, session, options)
    {
        _image = image;
        _runId = runId;
        _storeDirectory = storeDirectory;
    }

    /// <summary>True when set-up built the nio image (or <c>MATRIX_COMPLEMENT_NIO_IMAGE</c> names one).</summary>
    public static bool IsAvailable => HarnessSettings.NioImage.Value is not null;

    /// <summary>The folder holding this device's nio store on the host (bind-mounted at <c>/store</c>).</summary>
    public string StoreDirectory => _storeDirectory;

    /// <summary>The driver's stderr so far (timestamped lines), and the pushed events it sent.</summary>
    public IReadOnlyList<string> DriverLog
    {
        get
        {
            lock (_log) return _log.ToList();
        }
    }

    /// <summary>
    /// Creates (does not start) a nio client for a logged-in device on <paramref name="server"/>. Throws, saying to
    /// run set-up, when the image is not configured or not in the local engine.
    /// </summary>
    public static async Task<NioDriverClient> CreateAsync(Deployment.Deployment deployment, string actor,
        HomeserverHandle server, MatrixSession session, ClientOptions options)
    {
        var image = HarnessSettings.NioImage.Value ?? throw new InvalidOperationException(
            $"The nio client kind needs its image, and set-up has not built one: run `./complement setup` " +
            $"(or set {HarnessSettings.NioImage.Name} to an image built from fixtures/clients/nio).");
        if (!CheckedImages.ContainsKey(image))
        {
            if ((await DockerEngine.MissingImagesAsync([image]).ConfigureAwait(false)).Count > 0)
                throw new InvalidOperationException(
                    $"The nio client image {image} is not in the local Docker engine: run `./complement setup` to build it.");
            CheckedImages[image] = true;
        }
        var store = Path.Combine(deployment.Directory, "nio", $"{TestArtefactsSafe(actor)}-{session.DeviceId}");
        return new NioDriverClient(image, deployment.RunId, store, actor, server, session, options);
    }

    /// <inheritdoc />
    protected override Task OpenAsync(CancellationToken ct)
    {
        if (_deleted) throw new InvalidOperationException($"{Who}: its storage was deleted; log in a new device instead.");
        if (_process is not null) throw new InvalidOperationException($"{Who} is already running.");
        Directory.CreateDirectory(_storeDirectory);
        _container = $"mc-{_runId}-nio-{TestArtefactsSafe(Actor)}-{DeviceId.ToLowerInvariant()}-{++_containerNumber}";
        var start = new ProcessStartInfo("docker")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var arg in RunArguments(_container, _image, _storeDirectory, _runId, ContainerLabels.CurrentOwner, HostUser()))
            start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("docker did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                "The nio client kind runs its driver with the docker CLI, which is not on PATH: install it (Debian: docker.io).", e);
        }
        _process = process;
        Log($"container {_container} started ({_image})");
        _readers = Task.WhenAll(
            Task.Run(() => ReadResultsAsync(process)),
            Task.Run(() => ReadLogAsync(process)));
        return Task.CompletedTask;
    }

    /// <summary>The <c>docker run</c> arguments of one driver container (pure, for tests).</summary>
    internal static IReadOnlyList<string> RunArguments(string container, string image, string storeDirectory,
        string runId, string owner, string user) =>
    [
        "run", "-i", "--rm", "--pull", "never", "--name", container,
        "--network", "host", "--log-driver", "none",
        "--label", $"{ContainerLabels.Run}={runId}", "--label", $"{ContainerLabels.Owner}={owner}",
        "--user", user, "-e", "HOME=/tmp", "-v", $"{storeDirectory}:/store", image,
    ];

    /// <inheritdoc />
    protected override async Task<string> TransportAsync(string commandLine, CancellationToken ct)
    {
        var process = _process ?? throw new InvalidOperationException($"{Who} is not running (start it first).");
        var id = JsonNode.Parse(commandLine)!["id"]!.GetValue<long>();
        var result = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = result;
        try
        {
            await _stdin.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await process.StandardInput.WriteLineAsync(commandLine.AsMemory(), ct).ConfigureAwait(false);
                await process.StandardInput.FlushAsync(ct).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new DriverProtocolException($"{Who}: the nio driver is gone (its stdin is closed).{LogTail()}", e);
            }
            finally
            {
                _stdin.Release();
            }
            return await result.Task.WaitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReadResultsAsync(Process process)
    {
        while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            try
            {
                switch (DriverProtocol.Decode(line))
                {
                    case DriverEvent:
                        Log("event " + line);
                        OnDriverLine(line);
                        break;
                    case DriverResult r when _pending.TryGetValue(r.Id, out var waiting):
                        waiting.TrySetResult(line);
                        break;
                    case DriverError e when _pending.TryGetValue(e.Id, out var waiting):
                        waiting.TrySetResult(line);
                        break;
                    default:
                        Log("unmatched " + line);
                        break;
                }
            }
            catch (DriverProtocolException e)
            {
                Log($"protocol error: {e.Message}");
            }
        }
        await process.WaitForExitAsync().ConfigureAwait(false);
        Log($"driver exited with code {process.ExitCode}");
        var gone = new DriverProtocolException($"{Who}: the nio driver exited (code {process.ExitCode}) before answering.{LogTail()}");
        foreach (var waiting in _pending.Values) waiting.TrySetException(gone);
    }

    private async Task ReadLogAsync(Process process)
    {
        while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            Log("stderr " + line);
    }

    private void Log(string line)
    {
        lock (_log) _log.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
    }

    private string LogTail()
    {
        var tail = DriverLog.Where(l => !l.Contains(" event ", StringComparison.Ordinal)).TakeLast(15).ToList();
        return tail.Count == 0 ? "" : "\nLast driver log lines:\n  " + string.Join("\n  ", tail);
    }

    /// <inheritdoc />
    public override async Task CloseAsync(CancellationToken ct = default)
    {
        if (_process is not { } process) return;
        _process = null;
        try
        {
            process.StandardInput.Close(); // EOF: the driver stops syncing, closes its store and exits
        }
        catch (IOException)
        {
            // already gone
        }
        try
        {
            await process.WaitForExitAsync(ct).WaitAsync(Timeouts.Seconds(15), ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log("driver did not exit within 15 s of EOF; killing its container");
            await KillContainerAsync(ct).ConfigureAwait(false);
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        await FinishAsync(process).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task CrashAsync(CancellationToken ct = default)
    {
        var process = _process ?? throw new InvalidOperationException($"{Who} is not running.");
        _process = null;
        Log("crash: SIGKILL to the driver container");
        await KillContainerAsync(ct).ConfigureAwait(false);
        await process.WaitForExitAsync(ct).WaitAsync(Timeouts.Seconds(15), ct).ConfigureAwait(false);
        await FinishAsync(process).ConfigureAwait(false);
    }

    private async Task FinishAsync(Process process)
    {
        if (_readers is { } readers) await readers.ConfigureAwait(false);
        _readers = null;
        process.Dispose();
    }

    private async Task KillContainerAsync(CancellationToken ct)
    {
        if (_container is null) return;
        var kill = new ProcessStartInfo("docker")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "kill", "--signal", "KILL", _container }) kill.ArgumentList.Add(arg);
        using var process = Process.Start(kill)!;
        var error = await process.StandardError.ReadToEndAsync(ct).ConfigureAwait(false);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        if (process.ExitCode != 0) Log($"docker kill {_container}: {error.Trim()}");
    }

    /// <inheritdoc />
    public override async Task DeleteStorageAsync(CancellationToken ct = default)
    {
        await CloseAsync(ct).ConfigureAwait(false);
        if (Directory.Exists(_storeDirectory)) Directory.Delete(_storeDirectory, recursive: true);
        _deleted = true;
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            WriteLogArtefact();
            _stdin.Dispose();
        }
    }

    private void WriteLogArtefact()
    {
        if (_logWritten || Options.Artefacts is not { } artefacts) return;
        _logWritten = true;
        artefacts.Write($"{Actor}-{DeviceId}.driver.log", string.Join('\n', DriverLog) + '\n');
    }

    // The container runs as the harness's user, so the store it writes stays the harness's to delete.
    private static string HostUser()
    {
        string Field(string name) => File.ReadLines("/proc/self/status")
            .First(l => l.StartsWith(name + ":", StringComparison.Ordinal))
            .Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        return File.Exists("/proc/self/status") ? $"{Field("Uid")}:{Field("Gid")}" : "0:0";
    }

    private static string TestArtefactsSafe(string name) =>
        new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
}
