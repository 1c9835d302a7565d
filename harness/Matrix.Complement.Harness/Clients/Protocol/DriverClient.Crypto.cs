using System.Diagnostics;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Waiting;

namespace Matrix.Complement.Harness.Clients.Protocol;

// Crypto, trust and verification: the protocol commands of PROTOCOL.md "Crypto and trust" and "Verification".
public abstract partial class DriverClient
{
    /// <inheritdoc />
    public Task BootstrapCrossSigningAsync(CancellationToken ct = default) =>
        InvokeAsync("bootstrapCrossSigning", new { password = Session.Password }, ct);

    /// <inheritdoc />
    public Task ResetCrossSigningIdentityAsync(CancellationToken ct = default) =>
        InvokeAsync("resetCrossSigning", new { password = Session.Password }, ct);

    /// <inheritdoc />
    public async Task CrossSignOwnDeviceAsync(string deviceId, CancellationToken ct = default)
    {
        await WaitForDeviceAsync(UserId, deviceId, ct: ct).ConfigureAwait(false);
        await InvokeAsync("crossSignDevice", new { deviceId }, ct).ConfigureAwait(false);
    }

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
}
