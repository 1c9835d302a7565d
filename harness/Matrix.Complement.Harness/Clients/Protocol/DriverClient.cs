using System.Diagnostics;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Waiting;

namespace Matrix.Complement.Harness.Clients.Protocol;

/// <summary>
/// An <see cref="IClient"/> whose SDK sits behind the driver protocol (fixtures/clients/PROTOCOL.md). Subclasses
/// supply the transport (a browser page, a process's stdin/stdout) and the lifecycle (open, close, crash); every
/// Matrix operation is a protocol command here, so a driver in another language needs no C# of its own.
/// </summary>
public abstract partial class DriverClient : IClient
{
    private long _nextId;

    /// <summary>Creates the client; nothing runs until <see cref="StartAsync"/>.</summary>
    protected DriverClient(string actor, ClientKind kind, HomeserverHandle server, MatrixSession session, ClientOptions options)
    {
        Actor = actor;
        Kind = kind;
        Server = server;
        Session = session;
        Options = options;
    }

    /// <inheritdoc />
    public string Actor { get; }

    /// <inheritdoc />
    public ClientKind Kind { get; }

    /// <inheritdoc />
    public string Homeserver => Server.Name;

    /// <inheritdoc />
    public string UserId => Session.UserId;

    /// <inheritdoc />
    public string DeviceId => Session.DeviceId;

    /// <inheritdoc />
    public SyncMode SyncMode => Options.SyncMode ?? SyncMode.V2;

    /// <inheritdoc />
    public IReadOnlySet<ClientFeature> Features { get; private set; } = new HashSet<ClientFeature>();

    /// <summary>The driver's <c>hello</c> answer (driver name, SDK and crypto versions, features).</summary>
    public JsonNode? Hello { get; private set; }

    /// <summary>The device's login.</summary>
    internal MatrixSession Session { get; }

    /// <summary>The homeserver this client uses.</summary>
    protected HomeserverHandle Server { get; }

    /// <summary>Creation options.</summary>
    protected ClientOptions Options { get; }

    /// <summary>What the driver pushed about room timelines.</summary>
    protected TimelineView Timeline { get; } = new();

    /// <summary>What the driver pushed about trust and device lists.</summary>
    protected CryptoStateView CryptoState { get; } = new();

    /// <summary>Who this is, for every failure message: <c>alice (js on hs1, @alice-1:hs1/ABCD)</c>.</summary>
    protected string Who => $"{Actor} ({ClientMatrix.ShortName(Kind)} on {Homeserver}, {UserId}/{DeviceId})";

    /// <summary>Sends one command line and returns the driver's result line.</summary>
    protected abstract Task<string> TransportAsync(string commandLine, CancellationToken ct);

    /// <summary>Brings the driver up (a fresh page or process) with the device's persistent storage.</summary>
    protected abstract Task OpenAsync(CancellationToken ct);

    /// <summary>Called for each pushed event line; updates the timeline view.</summary>
    protected virtual void OnDriverLine(string line)
    {
        if (DriverProtocol.Decode(line) is not DriverEvent ev) return;
        if (ev.Name == "timeline") Timeline.Update(DriverProtocol.ParseTimelineEvent(ev.Data));
        else CryptoState.Update(ev);
    }

    /// <summary>Runs a command; maps driver errors to <see cref="ExpectationFailedException"/> or <see cref="DriverProtocolException"/>.</summary>
    protected internal async Task<JsonNode?> InvokeAsync(string command, object? args, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId);
        var clock = Stopwatch.StartNew();
        var commandLine = DriverProtocol.EncodeCommand(id, command, args);
        var budget = CommandBudget(commandLine);
        string line;
        try
        {
            line = await TransportAsync(commandLine, ct).WaitAsync(budget, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new ExpectationFailedException(
                $"{Who}: the driver did not answer '{command}' within {budget.TotalSeconds:F0}s (the command's own " +
                "timeoutMs plus a grace period, or the default command budget): the SDK or the driver hangs.");
        }
        return DriverProtocol.Decode(line) switch
        {
            DriverResult r => r.Result,
            DriverError { Code: "bad_request" or "unknown_command" } e =>
                throw new DriverProtocolException($"{Who}: driver rejected '{command}': {e.Message}"),
            DriverError e => throw new ExpectationFailedException(
                $"{Who}: '{command}' failed after {clock.Elapsed.TotalSeconds:F1}s [{e.Code}]: {e.Message}" +
                (e.Details is null ? "" : $"\nObserved: {e.Details.ToJsonString()}")),
            var other => throw new DriverProtocolException($"{Who}: expected a result for '{command}', got {other}"),
        };
    }

    /// <summary>
    /// How long the harness waits for a command's answer: its <c>timeoutMs</c> argument plus
    /// <see cref="Timeouts.Request"/> as grace, or twice <see cref="Timeouts.Request"/> for commands without one.
    /// </summary>
    internal static TimeSpan CommandBudget(string commandLine)
    {
        var timeoutMs = JsonNode.Parse(commandLine)?["args"]?["timeoutMs"];
        return timeoutMs is JsonValue v && v.TryGetValue<double>(out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms) + Timeouts.Request
            : Timeouts.Request * 2;
    }

    private static int Ms(TimeSpan? t, TimeSpan fallback) => (int)(t ?? fallback).TotalMilliseconds;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken ct = default)
    {
        Timeline.Reset();
        CryptoState.Reset();
        await OpenAsync(ct).ConfigureAwait(false);
        Hello = await InvokeAsync("hello", null, ct).ConfigureAwait(false);
        Features = ClientFeatures.Parse(Hello?["features"]?.AsArray().Select(n => n?.GetValue<string>() ?? "") ?? []);
        await InvokeAsync("start", new
        {
            baseUrl = BrowserBaseUrl,
            userId = UserId,
            deviceId = DeviceId,
            accessToken = Session.AccessToken,
            password = Session.Password,
            storePrefix = $"mc-{DeviceId}",
            syncMode = SyncMode == SyncMode.Msc4186 ? "msc4186" : "v2",
            faults = Options.Faults,
            timeoutMs = Ms(null, Timeouts.ClientLogin),
        }, ct).ConfigureAwait(false);
        await WaitForKeysOnServerAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The homeserver base URL as the driver reaches it.</summary>
    protected virtual string BrowserBaseUrl => Server.ClientBaseUrl.ToString().TrimEnd('/');

    private async Task WaitForKeysOnServerAsync(CancellationToken ct)
    {
        var query = new JsonObject { ["device_keys"] = new JsonObject { [UserId] = new JsonArray() } };
        try
        {
            await Eventually.SatisfiesAsync($"{Who} has device keys and one-time keys on {Homeserver}", Timeouts.ClientLogin,
                async c =>
                {
                    var counts = await Server.Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/upload", Session,
                        new JsonObject(), c).ConfigureAwait(false);
                    var keys = await Server.Api.SendAsync(HttpMethod.Post, "/_matrix/client/v3/keys/query", Session,
                        query.DeepClone(), c).ConfigureAwait(false);
                    return (Otks: counts["one_time_key_counts"]?["signed_curve25519"]?.GetValue<int>() ?? 0,
                            HasDevice: keys["device_keys"]?[UserId]?[DeviceId] is not null);
                },
                o => o.HasDevice && o.Otks > 0 ? null : $"device keys on server: {o.HasDevice}, one-time keys: {o.Otks}",
                ct, TimeSpan.FromMilliseconds(50)).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new ExpectationFailedException(e.Message, e);
        }
    }

    /// <inheritdoc />
    public Task LogoutAsync(CancellationToken ct = default) => InvokeAsync("logout", null, ct);

    /// <inheritdoc />
    public abstract Task CloseAsync(CancellationToken ct = default);

    /// <inheritdoc />
    public abstract Task CrashAsync(CancellationToken ct = default);

    /// <inheritdoc />
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await InvokeAsync("stop", null, ct).ConfigureAwait(false); // a clean stop: the driver writes its sync state
        await CloseAsync(ct).ConfigureAwait(false);
        await StartAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public abstract Task DeleteStorageAsync(CancellationToken ct = default);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <inheritdoc />
    public override string ToString() => Who;
}
