using System.Diagnostics;
using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Waiting;

namespace Matrix.Complement.Harness.Clients.Protocol;

/// <summary>
/// An <see cref="IClient"/> whose SDK sits behind the driver protocol (fixtures/clients/PROTOCOL.md). Subclasses
/// supply the transport (a browser page, a process's stdin/stdout) and the lifecycle (open, close, crash); every
/// Matrix operation is a protocol command here, so a driver in another language needs no C# of its own.
/// </summary>
public abstract class DriverClient : IClient
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
    public async Task<string> CreateRoomAsync(CreateRoomOptions? options = null, CancellationToken ct = default)
    {
        options ??= new CreateRoomOptions();
        var r = await InvokeAsync("createRoom", new
        {
            encrypted = options.Encrypted, invite = options.Invite, name = options.Name,
            historyVisibility = options.HistoryVisibility?.ToProtocolName(),
            rotationPeriodMsgs = options.RotationPeriodMessages, rotationPeriodMs = options.RotationPeriodMs,
            timeoutMs = Ms(null, Timeouts.MessageDelivery),
        }, ct).ConfigureAwait(false);
        return r!["roomId"]!.GetValue<string>();
    }

    /// <inheritdoc />
    public Task SetDisplayNameAsync(string displayName, CancellationToken ct = default) =>
        InvokeAsync("setDisplayName", new { displayName }, ct);

    /// <inheritdoc />
    public Task InviteAsync(string roomId, string userId, CancellationToken ct = default) =>
        InvokeAsync("invite", new { roomId, userId }, ct);

    /// <inheritdoc />
    public Task JoinAsync(string roomId, IReadOnlyList<string>? via = null, CancellationToken ct = default) =>
        InvokeAsync("join", new { roomId, via = via ?? [], timeoutMs = Ms(null, Timeouts.MessageDelivery) }, ct);

    /// <inheritdoc />
    public Task LeaveAsync(string roomId, CancellationToken ct = default) => InvokeAsync("leave", new { roomId }, ct);

    /// <inheritdoc />
    public Task KickAsync(string roomId, string userId, string? reason = null, CancellationToken ct = default) =>
        InvokeAsync("kick", new { roomId, userId, reason }, ct);

    /// <inheritdoc />
    public Task BanAsync(string roomId, string userId, string? reason = null, CancellationToken ct = default) =>
        InvokeAsync("ban", new { roomId, userId, reason }, ct);

    /// <inheritdoc />
    public Task WaitForMembershipAsync(string roomId, string userId, Membership membership, TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        InvokeAsync("waitForMembership", new
        {
            roomId, userId, membership = membership.ToString().ToLowerInvariant(),
            timeoutMs = Ms(timeout, Timeouts.MessageDelivery),
        }, ct);

    /// <inheritdoc />
    public async Task<SentEvent> SendTextAsync(string roomId, string body, CancellationToken ct = default)
    {
        var r = await InvokeAsync("sendText", new { roomId, body }, ct).ConfigureAwait(false);
        return new SentEvent(r!["eventId"]!.GetValue<string>(), body, r["sentAt"]!.GetValue<double>());
    }

    /// <inheritdoc />
    public async Task<TimelineEvent> WaitForEventAsync(string roomId, Func<TimelineEvent, bool> predicate,
        string expectation, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var result = await TryWaitForEventAsync(roomId, predicate, expectation, timeout, ct).ConfigureAwait(false);
        return result.Succeeded ? result.Value! : throw new ExpectationFailedException(result.Error!);
    }

    /// <inheritdoc />
    public async Task<Result<TimelineEvent>> TryWaitForEventAsync(string roomId, Func<TimelineEvent, bool> predicate,
        string expectation, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var found = await Timeline.WaitAsync(roomId, predicate, timeout ?? Timeouts.MessageDelivery, ct).ConfigureAwait(false);
        return found is not null
            ? Result<TimelineEvent>.Ok(found)
            : Result<TimelineEvent>.Fail($"{Who}: {Timeline.Describe(roomId, expectation, clock)}");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<TimelineEvent>> GetTimelineAsync(string roomId, CancellationToken ct = default)
    {
        var r = await InvokeAsync("timeline", new { roomId }, ct).ConfigureAwait(false);
        return r!["events"]!.AsArray().Select(e => DriverProtocol.ParseTimelineEvent(e!)).ToList();
    }

    /// <inheritdoc />
    public async Task<bool> BackPaginateAsync(string roomId, int limit = 20, CancellationToken ct = default) =>
        (await InvokeAsync("paginate", new { roomId, limit }, ct).ConfigureAwait(false))!["reachedStart"]!.GetValue<bool>();

    /// <inheritdoc />
    public async Task<bool> IsRoomEncryptedAsync(string roomId, CancellationToken ct = default) =>
        (await InvokeAsync("isRoomEncrypted", new { roomId }, ct).ConfigureAwait(false))!["encrypted"]!.GetValue<bool>();

    /// <inheritdoc />
    public Task BootstrapCrossSigningAsync(CancellationToken ct = default) =>
        InvokeAsync("bootstrapCrossSigning", new { password = Session.Password }, ct);

    /// <inheritdoc />
    public Task ResetCrossSigningIdentityAsync(CancellationToken ct = default) =>
        InvokeAsync("resetCrossSigning", new { password = Session.Password }, ct);

    /// <inheritdoc />
    public Task CrossSignOwnDeviceAsync(string deviceId, CancellationToken ct = default) =>
        InvokeAsync("crossSignDevice", new { deviceId }, ct);

    /// <inheritdoc />
    public async Task<KeyBackup> EnableKeyBackupAsync(CancellationToken ct = default)
    {
        var r = await InvokeAsync("enableKeyBackup", new { password = Session.Password }, ct).ConfigureAwait(false);
        var key = r!["recoveryKey"]!.GetValue<string>();
        Redaction.Register(key);
        return new KeyBackup(r["version"]!.GetValue<string>(), new RecoveryKey(key));
    }

    /// <inheritdoc />
    public Task WaitForKeyBackupAsync(string roomId, TimeSpan? timeout = null, CancellationToken ct = default) =>
        InvokeAsync("waitForKeyBackup", new { roomId, timeoutMs = Ms(timeout, Timeouts.KeyBackup) }, ct);

    /// <inheritdoc />
    public async Task<KeyBackupRestore> RestoreKeyBackupAsync(RecoveryKey recoveryKey, CancellationToken ct = default)
    {
        var r = await InvokeAsync("restoreKeyBackup", new { recoveryKey = recoveryKey.Value }, ct).ConfigureAwait(false);
        return new KeyBackupRestore(r!["total"]!.GetValue<int>(), r["imported"]!.GetValue<int>());
    }

    /// <inheritdoc />
    public async Task<VerificationRequest> RequestOwnDeviceVerificationAsync(CancellationToken ct = default)
    {
        var r = await InvokeAsync("requestOwnVerification", null, ct).ConfigureAwait(false);
        return new VerificationRequest(r!["transactionId"]!.GetValue<string>(), UserId, null);
    }

    /// <inheritdoc />
    public async Task<VerificationRequest> RequestVerificationAsync(string userId, string deviceId, CancellationToken ct = default)
    {
        var r = await InvokeAsync("requestVerification", new { userId, deviceId }, ct).ConfigureAwait(false);
        return new VerificationRequest(r!["transactionId"]!.GetValue<string>(), userId, deviceId);
    }

    /// <inheritdoc />
    public async Task<VerificationRequest> WaitForVerificationRequestAsync(string? transactionId = null,
        TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var r = await InvokeAsync("waitForVerificationRequest",
            new { transactionId, timeoutMs = Ms(timeout, Timeouts.Verification) }, ct).ConfigureAwait(false);
        return new VerificationRequest(r!["transactionId"]!.GetValue<string>(), r["otherUserId"]!.GetValue<string>(),
            r["otherDeviceId"]?.GetValue<string>());
    }

    /// <inheritdoc />
    public Task AcceptVerificationAsync(string transactionId, CancellationToken ct = default) =>
        InvokeAsync("acceptVerification", new { transactionId }, ct);

    /// <inheritdoc />
    public Task StartSasAsync(string transactionId, CancellationToken ct = default) =>
        InvokeAsync("startSas", new { transactionId, timeoutMs = Ms(null, Timeouts.Verification) }, ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<SasEmoji>> WaitForSasEmojiAsync(string transactionId, TimeSpan? timeout = null,
        CancellationToken ct = default)
    {
        var r = await InvokeAsync("waitForSas", new { transactionId, timeoutMs = Ms(timeout, Timeouts.Verification) }, ct)
            .ConfigureAwait(false);
        return r!["emoji"]!.AsArray()
            .Select(e => new SasEmoji(e!["symbol"]!.GetValue<string>(), e["name"]!.GetValue<string>())).ToList();
    }

    /// <inheritdoc />
    public Task ConfirmSasAsync(string transactionId, bool matches, CancellationToken ct = default) =>
        InvokeAsync("confirmSas", new { transactionId, matches }, ct);

    /// <inheritdoc />
    public Task WaitForVerificationDoneAsync(string transactionId, TimeSpan? timeout = null, CancellationToken ct = default) =>
        InvokeAsync("waitForVerificationDone", new { transactionId, timeoutMs = Ms(timeout, Timeouts.Verification) }, ct);

    /// <inheritdoc />
    public Task WaitForDeviceAsync(string userId, string deviceId, TimeSpan? timeout = null, CancellationToken ct = default) =>
        InvokeAsync("waitForDevice", new { userId, deviceId, timeoutMs = Ms(timeout, Timeouts.MessageDelivery) }, ct);

    /// <inheritdoc />
    public Task SetDeviceIsolationModeAsync(DeviceIsolationMode mode, CancellationToken ct = default) =>
        InvokeAsync("setDeviceIsolationMode", new { mode = mode == DeviceIsolationMode.OnlyCrossSigned ? "onlySigned" : "allDevices" }, ct);

    /// <inheritdoc />
    public async Task<UserVerificationStatus> GetUserVerificationStatusAsync(string userId, CancellationToken ct = default)
    {
        var r = (await InvokeAsync("userVerificationStatus", new { userId }, ct).ConfigureAwait(false))!;
        return new UserVerificationStatus(r["verified"]!.GetValue<bool>(), r["wasVerified"]!.GetValue<bool>(),
            r["needsUserApproval"]!.GetValue<bool>());
    }

    /// <inheritdoc />
    public async Task<DeviceVerificationStatus> GetDeviceVerificationStatusAsync(string userId, string deviceId,
        CancellationToken ct = default)
    {
        var r = (await InvokeAsync("deviceVerificationStatus", new { userId, deviceId }, ct).ConfigureAwait(false))!;
        return new DeviceVerificationStatus(r["known"]!.GetValue<bool>(), r["verified"]!.GetValue<bool>(),
            r["locallyVerified"]!.GetValue<bool>(), r["crossSigningVerified"]!.GetValue<bool>(),
            r["signedByOwner"]?.GetValue<bool>() ?? false);
    }

    /// <inheritdoc />
    public Task<UserVerificationStatus> WaitForUserVerificationStatusAsync(string userId,
        Func<UserVerificationStatus, bool> predicate, string expectation, TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        WaitForCryptoStateAsync(c => GetUserVerificationStatusAsync(userId, c), predicate,
            $"its trust in {userId}: {expectation}", timeout, ct);

    /// <inheritdoc />
    public Task<DeviceVerificationStatus> WaitForDeviceVerificationStatusAsync(string userId, string deviceId,
        Func<DeviceVerificationStatus, bool> predicate, string expectation, TimeSpan? timeout = null,
        CancellationToken ct = default) =>
        WaitForCryptoStateAsync(c => GetDeviceVerificationStatusAsync(userId, deviceId, c), predicate,
            $"its trust in device {deviceId} of {userId}: {expectation}", timeout, ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<UserTrustChange>> GetTrustChangesAsync(string? userId = null, CancellationToken ct = default) =>
        Task.FromResult(CryptoState.TrustChanges(userId));

    /// <inheritdoc />
    public async Task<UserTrustChange> WaitForTrustChangeAsync(string userId, Func<UserTrustChange, bool> predicate,
        string expectation, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var changes = await WaitForCryptoStateAsync(_ => Task.FromResult(new TrustChanges(CryptoState.TrustChanges(userId))),
            c => c.Items.Any(predicate), $"a pushed trust change for {userId}: {expectation}", timeout, ct).ConfigureAwait(false);
        return changes.Items.First(predicate);
    }

    private sealed record TrustChanges(IReadOnlyList<UserTrustChange> Items)
    {
        public override string ToString() => Items.Count == 0 ? "none pushed" : string.Join("; ", Items.Select(i => i.Status));
    }

    // Re-reads the state after every pushed crypto signal until the predicate holds; the signal is taken before the
    // read, so a change between the read and the wait is not missed.
    private async Task<T> WaitForCryptoStateAsync<T>(Func<CancellationToken, Task<T>> read, Func<T, bool> predicate,
        string expectation, TimeSpan? timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var budget = timeout ?? Timeouts.MessageDelivery;
        var seen = new List<string>();
        while (true)
        {
            var next = CryptoState.NextChange();
            var value = await read(ct).ConfigureAwait(false);
            if (predicate(value)) return value;
            var shown = $"{clock.Elapsed.TotalSeconds:F1}s {value}";
            if (seen.Count == 0 || !seen[^1].EndsWith($" {value}", StringComparison.Ordinal)) seen.Add(shown);
            var left = budget - clock.Elapsed;
            try
            {
                if (left <= TimeSpan.Zero) throw new TimeoutException();
                await next.WaitAsync(left, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new ExpectationFailedException(
                    $"{Who}: expected {expectation}; after {clock.Elapsed.TotalSeconds:F1}s it still does not hold. " +
                    $"Statuses read ({seen.Count} distinct):\n  " + string.Join("\n  ", seen.TakeLast(10)) +
                    $"\nTrust changes pushed: {CryptoState.TrustChanges().Count}");
            }
        }
    }

    /// <inheritdoc />
    public Task PinIdentityAsync(string userId, CancellationToken ct = default) =>
        InvokeAsync("pinIdentity", new { userId }, ct);

    /// <inheritdoc />
    public Task WithdrawVerificationRequirementAsync(string userId, CancellationToken ct = default) =>
        InvokeAsync("withdrawVerificationRequirement", new { userId }, ct);

    /// <inheritdoc />
    public async Task<EventShield> GetEventShieldAsync(string roomId, string eventId, CancellationToken ct = default)
    {
        var r = (await InvokeAsync("eventShield", new { roomId, eventId }, ct).ConfigureAwait(false))!;
        var colour = Enum.Parse<ShieldColour>(r["colour"]!.GetValue<string>(), ignoreCase: true);
        var reason = r["reason"]?.GetValue<string>() is { } name
            ? Enum.Parse<ShieldReason>(name.Replace("_", ""), ignoreCase: true) : (ShieldReason?)null;
        return new EventShield(colour, reason);
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
