using System.Diagnostics;
using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Network;
using Matrix.Complement.Harness.Waiting;

namespace Matrix.Complement.Harness.Hunting;

/// <summary>
/// Runs one action sequence against real clients on a deployment (fresh users every run), waiting after each
/// membership and device change until every other device has seen it, then checks the model's predictions: every
/// "must" message decrypted (else an unexpected UTD), no "must not" message decrypted (else a history leak).
/// Network fault scopes are undone and a partition healed before the checks, even when the run fails.
/// </summary>
/// <param name="deployment">The hs1+hs2 deployment, with federation through the proxy (for partitions).</param>
/// <param name="options">Client kinds, driver faults and diagnostics.</param>
public sealed class HuntExecutor(Deployment.Deployment deployment, HuntRunOptions options)
{
    /// <summary>Runs <paramref name="actions"/> (which must be valid for the model) and returns what happened.</summary>
    public async Task<HuntOutcome> RunAsync(IReadOnlyList<HuntAction> actions, CancellationToken ct = default)
    {
        if (!HuntSequence.IsValid(actions))
            throw new ArgumentException("The action sequence is not valid for the model:\n" + HuntOutcome.Numbered(actions));
        var run = new Run(deployment, options, actions);
        var clock = Stopwatch.StartNew();
        try
        {
            await run.SetUpAsync(ct).ConfigureAwait(false);
            for (var i = 0; i < actions.Count; i++)
            {
                run.Current = i;
                options.Log?.Invoke($"  step {i + 1}/{actions.Count}: {actions[i]}");
                await run.ApplyAsync(actions[i], ct).ConfigureAwait(false);
            }
            await run.UndoFaultsAsync().ConfigureAwait(false);
            var (violations, signatures, last) = await run.CheckAsync(ct).ConfigureAwait(false);
            return new HuntOutcome(actions, violations, null, last, clock.Elapsed, signatures);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new HuntOutcome(actions, [], e, run.Current, clock.Elapsed);
        }
        finally
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class Run(Deployment.Deployment deployment, HuntRunOptions options, IReadOnlyList<HuntAction> actions)
        : IAsyncDisposable
    {
        private readonly HuntModel _model = HuntModel.Initial();
        private readonly Dictionary<string, IClient> _clients = new(StringComparer.Ordinal);
        private readonly List<IClient> _retired = [];
        private readonly Dictionary<string, string> _userIds = new(StringComparer.Ordinal);
        private readonly Dictionary<int, SentEvent> _sent = [];
        private readonly Dictionary<string, KeyBackup> _backups = new(StringComparer.Ordinal);
        private readonly List<RuleScope> _faults = [];
        private readonly Dictionary<(string Device, int Message), (Prediction Prediction, string Violation)> _earlyUtds = [];
        private readonly string _tag = Guid.NewGuid().ToString("N")[..6];
        private RuleScope? _partition;
        private bool _everPartitioned;
        private string _room = "";

        public int? Current { get; set; }

        public async Task SetUpAsync(CancellationToken ct)
        {
            var users = HuntRoster.InitiallyJoined.Concat(actions.Select(a => a.User).OfType<string>()).Distinct().ToList();
            foreach (var user in HuntRoster.Users.Where(users.Contains))
            {
                var kind = options.KindOf(user);
                var client = await ClientFactory.LoginAsync(deployment, user, new ClientSpec(kind, HuntRoster.HomeserverOf(user)),
                    ClientOptionsFor(user), ct).ConfigureAwait(false);
                _clients[$"{user}#1"] = client;
                _userIds[user] = client.UserId;
            }
            var alice = _clients["alice#1"];
            var bob = _clients["bob#1"];
            _room = await alice.CreateRoomAsync(new CreateRoomOptions
            {
                Encrypted = true, HistoryVisibility = HistoryVisibility.Shared, Invite = [bob.UserId], Name = $"hunt {_tag}",
            }, ct).ConfigureAwait(false);
            await bob.WaitForMembershipAsync(_room, bob.UserId, Membership.Invite, ct: ct).ConfigureAwait(false);
            await bob.JoinAsync(_room, ["hs1"], ct).ConfigureAwait(false);
            await alice.WaitForMembershipAsync(_room, bob.UserId, Membership.Join, ct: ct).ConfigureAwait(false);
        }

        public async Task ApplyAsync(HuntAction action, CancellationToken ct)
        {
            var user = action.User;
            var device = action.DeviceName is { } name ? _clients[name] : null;
            var first = user is null ? null : _clients[_model.ActiveDevicesOf(user)[0].Name];
            switch (action.Kind)
            {
                case HuntActionKind.Send:
                    var index = _model.Messages.Count;
                    var body = $"hunt {_tag} m{index} from {action.DeviceName}";
                    _sent[index] = await device!.SendTextAsync(_room, body, ct).ConfigureAwait(false);
                    break;
                case HuntActionKind.Invite:
                    var owner = _clients[_model.ActiveDevicesOf(HuntRoster.Owner)[0].Name];
                    await owner.InviteAsync(_room, _userIds[user!], ct).ConfigureAwait(false);
                    break;
                case HuntActionKind.Join:
                    await first!.WaitForMembershipAsync(_room, first.UserId, Membership.Invite, ct: ct).ConfigureAwait(false);
                    await first.JoinAsync(_room, ["hs1"], ct).ConfigureAwait(false);
                    break;
                case HuntActionKind.Leave:
                    await first!.LeaveAsync(_room, ct).ConfigureAwait(false);
                    break;
                case HuntActionKind.NewDevice:
                    var number = _model.Devices.Count(d => d.User == user) + 1;
                    _clients[$"{user}#{number}"] = await ClientFactory.LoginNewDeviceAsync(deployment, first!, null,
                        ClientOptionsFor(user!), ct).ConfigureAwait(false);
                    break;
                case HuntActionKind.Logout:
                    if (_model.BackupEnablerOf(user!) == action.DeviceName) await WaitUploadedAsync(action.DeviceName!, ct).ConfigureAwait(false);
                    await device!.LogoutAsync(ct).ConfigureAwait(false);
                    _clients.Remove(action.DeviceName!);
                    _retired.Add(device);
                    break;
                case HuntActionKind.Restart:
                    await device!.RestartAsync(ct).ConfigureAwait(false);
                    break;
                case HuntActionKind.Crash:
                    await device!.CrashAsync(ct).ConfigureAwait(false);
                    await device.StartAsync(ct).ConfigureAwait(false);
                    break;
                case HuntActionKind.EnableBackup:
                    _backups[user!] = await device!.EnableKeyBackupAsync(ct).ConfigureAwait(false);
                    break;
                case HuntActionKind.RestoreBackup:
                    if (_model.BackupEnablerOf(user!) is { } enabler && _model.Device(enabler).Active)
                        await WaitUploadedAsync(enabler, ct).ConfigureAwait(false);
                    await device!.RestoreKeyBackupAsync(_backups[user!].RecoveryKey, ct).ConfigureAwait(false);
                    break;
                case HuntActionKind.EndpointFault:
                    var (method, path) = HuntEndpoints.All[action.Endpoint!];
                    _faults.Add(await deployment.Network.FailAsync(NetworkRule.ClientServer(HuntRoster.HomeserverOf(user!))
                        .Request(method, path).ForUsers(_userIds[user!]).Named($"hunt: {action}"), action.Times, 503, ct)
                        .ConfigureAwait(false));
                    break;
                case HuntActionKind.Partition:
                    _partition = await deployment.Network.PartitionAsync("hs1", "hs2", ct).ConfigureAwait(false);
                    _everPartitioned = true;
                    break;
                case HuntActionKind.Heal:
                    await _partition!.DisposeAsync().ConfigureAwait(false);
                    _partition = null;
                    break;
            }
            _model.Apply(action);
            await SeenByOthersAsync(action, ct).ConfigureAwait(false);
        }

        /// <summary>Waits until every device of a joined user has seen a membership or device change.</summary>
        private async Task SeenByOthersAsync(HuntAction action, CancellationToken ct)
        {
            var observers = _model.Devices.Where(d => d.Active && _model.MembershipOf(d.User) == HuntModel.MemberState.Joined)
                .Select(d => (d.Name, Client: _clients[d.Name])).ToList();
            var user = action.User;
            switch (action.Kind)
            {
                case HuntActionKind.Invite or HuntActionKind.Join or HuntActionKind.Leave:
                    var membership = action.Kind switch
                    {
                        HuntActionKind.Invite => Membership.Invite,
                        HuntActionKind.Join => Membership.Join,
                        _ => Membership.Leave,
                    };
                    foreach (var (_, observer) in observers)
                        await observer.WaitForMembershipAsync(_room, _userIds[user!], membership, ct: ct).ConfigureAwait(false);
                    if (action.Kind == HuntActionKind.Join)
                        await KnownByOthersAsync(user!, observers, ct).ConfigureAwait(false);
                    break;
                case HuntActionKind.NewDevice:
                    var added = _model.ActiveDevicesOf(user!)[^1].Name;
                    var client = _clients[added];
                    if (_model.MembershipOf(user!) != HuntModel.MemberState.Joined) break; // announced when the user joins
                    await client.WaitForMembershipAsync(_room, client.UserId, Membership.Join, ct: ct).ConfigureAwait(false);
                    foreach (var (name, observer) in observers.Where(o => o.Name != added))
                        await observer.WaitForDeviceAsync(client.UserId, client.DeviceId, ct: ct).ConfigureAwait(false);
                    break;
            }
        }

        /// <summary>Waits until every other observer knows every device of a user who just joined.</summary>
        private async Task KnownByOthersAsync(string user, IReadOnlyList<(string Name, IClient Client)> observers, CancellationToken ct)
        {
            foreach (var device in _model.ActiveDevicesOf(user).Select(d => _clients[d.Name]))
                foreach (var (_, observer) in observers.Where(o => o.Client.UserId != device.UserId))
                    await observer.WaitForDeviceAsync(device.UserId, device.DeviceId, ct: ct).ConfigureAwait(false);
        }

        /// <summary>
        /// Waits until a backup-enabling device decrypted what it must hold (each within what is left of
        /// <see cref="Timeouts.FederationRecovery"/>), then until it uploaded its keys to the backup. A message it must
        /// hold that it does not decrypt is an unexpected UTD found here, before the checks (which report it with the
        /// others): a fault in key sharing shows as a finding, never as a run that broke. The backup cannot then hold
        /// every session of the room, so the run goes on without waiting for it.
        /// </summary>
        private async Task WaitUploadedAsync(string enabler, CancellationToken ct)
        {
            var client = _clients[enabler];
            var must = _model.LiveMust(enabler);
            if (must.Count == 0) return;
            var clock = Stopwatch.StartNew();
            foreach (var index in must)
            {
                if (await DecryptedWithinAsync(client, _sent[index], Timeouts.FederationRecovery - clock.Elapsed, ct).ConfigureAwait(false))
                    continue;
                var p = new Prediction(index, enabler, Expectation.Must, "it received it live, and it enables the key backup");
                _earlyUtds.TryAdd((enabler, index), (p, Describe("unexpected UTD (while waiting for its key backup)", p, client,
                    await SeenAsync(client, _sent[index], ct).ConfigureAwait(false))));
            }
            if (!_earlyUtds.Keys.Any(k => k.Device == enabler))
                await client.WaitForKeyBackupAsync(_room, Timeouts.KeyBackup, ct).ConfigureAwait(false);
        }

        /// <summary>Whether <paramref name="client"/> shows <paramref name="sent"/> decrypted, as sent, within <paramref name="left"/>.</summary>
        private async Task<bool> DecryptedWithinAsync(IClient client, SentEvent sent, TimeSpan left, CancellationToken ct) =>
            (await client.TryWaitForEventAsync(_room,
                e => e.EventId == sent.EventId && e.Decryption == DecryptionState.Decrypted && e.Body == sent.Body,
                $"{sent.EventId} decrypted", left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1), ct).ConfigureAwait(false)).Succeeded;

        /// <summary>How <paramref name="client"/> shows <paramref name="sent"/> now, for a violation's description.</summary>
        private async Task<string> SeenAsync(IClient client, SentEvent sent, CancellationToken ct) =>
            (await client.GetTimelineAsync(_room, ct).ConfigureAwait(false)).FirstOrDefault(e => e.EventId == sent.EventId)?.ToString()
            ?? "the event never reached its timeline";

        public async Task UndoFaultsAsync()
        {
            foreach (var scope in _faults) await scope.DisposeAsync().ConfigureAwait(false);
            _faults.Clear();
            if (_partition is not null) await _partition.DisposeAsync().ConfigureAwait(false);
            _partition = null;
        }

        /// <summary>Checks every prediction; returns the violations, their signatures and the index of the last action they involve.</summary>
        public async Task<(IReadOnlyList<string>, IReadOnlyList<string>, int?)> CheckAsync(CancellationToken ct)
        {
            Current = null;
            var predictions = _model.Predict();
            var violations = new List<string>();
            var signatures = new SortedSet<string>(StringComparer.Ordinal);
            int? last = null;
            var clock = Stopwatch.StartNew();
            // Every message was sent before the check, so a healthy run has delivered it long ago; only a healed
            // partition needs the senders' federation back-off on top.
            var budget = _everPartitioned ? Timeouts.FederationRecovery : Timeouts.MessageDelivery;
            foreach (var name in predictions.Select(p => p.Device).Distinct())
                await _clients[name].BackPaginateAsync(_room, 50, ct).ConfigureAwait(false);
            // A backup enabler that lacked a key it must hold, where the checks below do not look again (it logged out).
            foreach (var (p, violation) in _earlyUtds.Values.Where(early => !predictions.Any(p =>
                         p.Device == early.Prediction.Device && p.Message == early.Prediction.Message && p.Expect == Expectation.Must)))
            {
                violations.Add(violation);
                signatures.Add(SignatureOf("unexpected UTD", p));
                last = Math.Max(last ?? 0, LastInvolving(p));
            }
            foreach (var p in predictions.Where(p => p.Expect == Expectation.Must))
            {
                var client = _clients[p.Device];
                var sent = _sent[p.Message];
                if (await DecryptedWithinAsync(client, sent, budget - clock.Elapsed, ct).ConfigureAwait(false)) continue;
                violations.Add(Describe("unexpected UTD", p, client, await SeenAsync(client, sent, ct).ConfigureAwait(false)));
                signatures.Add(SignatureOf("unexpected UTD", p));
                last = Math.Max(last ?? 0, LastInvolving(p));
            }
            foreach (var group in predictions.Where(p => p.Expect == Expectation.MustNot).GroupBy(p => p.Device))
            {
                var client = _clients[group.Key];
                var timeline = await client.GetTimelineAsync(_room, ct).ConfigureAwait(false);
                foreach (var p in group)
                {
                    var seen = timeline.FirstOrDefault(e => e.EventId == _sent[p.Message].EventId);
                    if (seen?.Decryption != DecryptionState.Decrypted) continue;
                    violations.Add(Describe("history leak (decrypted a message the model forbids)", p, client, seen.ToString()));
                    signatures.Add(SignatureOf("history leak", p));
                    last = Math.Max(last ?? 0, LastInvolving(p));
                }
            }
            return (violations, [.. signatures], last);
        }

        private string SignatureOf(string what, Prediction p) =>
            HuntOutcome.Signature(what, _model.Device(_model.Messages[p.Message].Sender).User, _model.Device(p.Device));

        private string Describe(string what, Prediction p, IClient client, string seen)
        {
            var m = _model.Messages[p.Message];
            return $"{what}: m{p.Message} (\"{_sent[p.Message].Body}\", {_sent[p.Message].EventId}, sent at step {m.Step}) on " +
                   $"{p.Device} ({ClientMatrix.ShortName(client.Kind)}, {client.UserId}/{client.DeviceId}): expected " +
                   $"{(p.Expect == Expectation.Must ? "decrypted" : "not decrypted")} because {p.Reason}; saw {seen}";
        }

        /// <summary>The last action (0-based) that sent the message or touched the device's user.</summary>
        private int LastInvolving(Prediction p)
        {
            var user = _model.Device(p.Device).User;
            var touched = actions.Select((a, i) => (a, i)).Where(x => x.a.User == user).Select(x => x.i).DefaultIfEmpty(0).Max();
            return Math.Max(_model.Messages[p.Message].Step - 1, touched);
        }

        private ClientOptions ClientOptionsFor(string user) => new()
        {
            Artefacts = options.Artefacts,
            TestName = options.TestName,
            Faults = options.Faults.TryGetValue(user, out var faults) ? faults : [],
        };

        public async ValueTask DisposeAsync()
        {
            try
            {
                await UndoFaultsAsync().ConfigureAwait(false);
            }
            finally
            {
                foreach (var client in _clients.Values.Concat(_retired))
                {
                    try
                    {
                        await client.DisposeAsync().ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        options.Log?.Invoke($"  (disposing {client.Actor}'s client failed: {e.Message})");
                    }
                }
            }
        }
    }
}
