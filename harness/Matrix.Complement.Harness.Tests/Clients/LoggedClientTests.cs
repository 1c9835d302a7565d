using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Harness.Tests.Clients;

public sealed class LoggedClientTests
{
    [Test]
    public async Task Each_call_is_one_redacted_jsonl_line_with_actor_kind_call_and_outcome()
    {
        var secretBody = "token-" + Guid.NewGuid().ToString("N");
        Redaction.Register(secretBody);
        var writer = new StringWriter();
        var client = new LoggedClient(new FakeClient(), ClientTimelineLog.To(writer), "Suite.Test");

        await client.SendTextAsync("!r:hs1", secretBody);
        Assert.ThrowsAsync<ExpectationFailedException>(() => client.JoinAsync("!missing:hs1"));

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.That(lines, Has.Count.EqualTo(2));
        Assert.That(writer.ToString(), Does.Not.Contain(secretBody));
        Assert.That(lines[0]["call"]!.GetValue<string>(), Is.EqualTo("SendText"));
        Assert.That(lines[0]["actor"]!.GetValue<string>(), Is.EqualTo("alice"));
        Assert.That(lines[0]["kind"]!.GetValue<string>(), Is.EqualTo("js"));
        Assert.That(lines[0]["test"]!.GetValue<string>(), Is.EqualTo("Suite.Test"));
        Assert.That(lines[0]["result"]!["eventId"]!.GetValue<string>(), Is.EqualTo("$sent"));
        Assert.That(lines[1]["error"]!.GetValue<string>(), Does.StartWith("ExpectationFailedException: no room"));
    }

    [Test]
    public void A_recovery_key_never_prints()
    {
        var key = new RecoveryKey("EsTc 1234 5678 9abc defg hijk lmno pqrs tuvw xyzA BCDE FGHJ");
        Assert.That(key.ToString(), Does.Not.Contain("1234"));
        Assert.That(new KeyBackup("1", key).ToString(), Does.Not.Contain("1234"));
    }

    private sealed class FakeClient : IClient
    {
        public string Actor => "alice";
        public ClientKind Kind => ClientKind.Js;
        public string Homeserver => "hs1";
        public string UserId => "@alice:hs1";
        public string DeviceId => "DEV";
        public SyncMode SyncMode => SyncMode.V2;
        public IReadOnlySet<ClientFeature> Features { get; } = new HashSet<ClientFeature>();
        public Task<SentEvent> SendTextAsync(string roomId, string body, CancellationToken ct = default) =>
            Task.FromResult(new SentEvent("$sent", body, 1));
        public Task JoinAsync(string roomId, IReadOnlyList<string>? via = null, CancellationToken ct = default) =>
            throw new ExpectationFailedException($"no room {roomId}");
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        public Task StartAsync(CancellationToken ct = default) => throw new NotSupportedException();
        public Task<string> CreateRoomAsync(CreateRoomOptions? options = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task SetDisplayNameAsync(string displayName, CancellationToken ct = default) => throw new NotSupportedException();
        public Task InviteAsync(string roomId, string userId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task LeaveAsync(string roomId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task KickAsync(string roomId, string userId, string? reason = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task BanAsync(string roomId, string userId, string? reason = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task WaitForMembershipAsync(string roomId, string userId, Membership membership, TimeSpan? timeout = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<TimelineEvent> WaitForEventAsync(string roomId, Func<TimelineEvent, bool> predicate, string expectation, TimeSpan? timeout = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<Result<TimelineEvent>> TryWaitForEventAsync(string roomId, Func<TimelineEvent, bool> predicate, string expectation, TimeSpan? timeout = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<TimelineEvent>> GetTimelineAsync(string roomId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<bool> BackPaginateAsync(string roomId, int limit = 20, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<bool> IsRoomEncryptedAsync(string roomId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task BootstrapCrossSigningAsync(CancellationToken ct = default) => throw new NotSupportedException();
        public Task<KeyBackup> EnableKeyBackupAsync(CancellationToken ct = default) => throw new NotSupportedException();
        public Task WaitForKeyBackupAsync(string roomId, TimeSpan? timeout = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<KeyBackupRestore> RestoreKeyBackupAsync(RecoveryKey recoveryKey, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<VerificationRequest> RequestOwnDeviceVerificationAsync(CancellationToken ct = default) => throw new NotSupportedException();
        public Task<VerificationRequest> WaitForVerificationRequestAsync(string? transactionId = null, TimeSpan? timeout = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task AcceptVerificationAsync(string transactionId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task StartSasAsync(string transactionId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<SasEmoji>> WaitForSasEmojiAsync(string transactionId, TimeSpan? timeout = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task ConfirmSasAsync(string transactionId, bool matches, CancellationToken ct = default) => throw new NotSupportedException();
        public Task WaitForVerificationDoneAsync(string transactionId, TimeSpan? timeout = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task WaitForDeviceAsync(string userId, string deviceId, TimeSpan? timeout = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task SetDeviceIsolationModeAsync(DeviceIsolationMode mode, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<UserVerificationStatus> GetUserVerificationStatusAsync(string userId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<DeviceVerificationStatus> GetDeviceVerificationStatusAsync(string userId, string deviceId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task ResetCrossSigningIdentityAsync(CancellationToken ct = default) => throw new NotSupportedException();
        public Task CrossSignOwnDeviceAsync(string deviceId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<VerificationRequest> RequestVerificationAsync(string userId, string deviceId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<UserVerificationStatus> WaitForUserVerificationStatusAsync(string userId, Func<UserVerificationStatus, bool> predicate, string expectation, TimeSpan? timeout = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<DeviceVerificationStatus> WaitForDeviceVerificationStatusAsync(string userId, string deviceId, Func<DeviceVerificationStatus, bool> predicate, string expectation, TimeSpan? timeout = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<UserTrustChange> WaitForTrustChangeAsync(string userId, Func<UserTrustChange, bool> predicate, string expectation, TimeSpan? timeout = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<UserTrustChange>> GetTrustChangesAsync(string? userId = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task PinIdentityAsync(string userId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task WithdrawVerificationRequirementAsync(string userId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<EventShield> GetEventShieldAsync(string roomId, string eventId, CancellationToken ct = default) => throw new NotSupportedException();
        public Task LogoutAsync(CancellationToken ct = default) => throw new NotSupportedException();
        public Task CloseAsync(CancellationToken ct = default) => throw new NotSupportedException();
        public Task CrashAsync(CancellationToken ct = default) => throw new NotSupportedException();
        public Task RestartAsync(CancellationToken ct = default) => throw new NotSupportedException();
        public Task DeleteStorageAsync(CancellationToken ct = default) => throw new NotSupportedException();
    }
}
