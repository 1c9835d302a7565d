namespace Matrix.Complement.Harness.Hunting;

/// <summary>
/// The model of a hunt: users (<see cref="HuntRoster"/>), their devices and their membership of one encrypted room
/// with <c>shared</c> history visibility, and the messages sent. It says which actions are allowed next
/// (<see cref="Enabled"/>) and, for every message and every device that can read the room at the end, whether
/// the device must, must not, or may decrypt it (<see cref="Predict"/>).
/// </summary>
/// <remarks>
/// The rules (client-server API: "Room history visibility", and the Megolm section of "End-to-End Encryption"):
/// <list type="number">
/// <item>The sender's own device must decrypt its message.</item>
/// <item>A room key is shared with the devices of members at the time of sending; with <c>shared</c> visibility
/// invited users count as members (they may read the history once they join). A device of a user who was neither
/// joined nor invited when the message was sent must not decrypt it: nobody sent that user the key, and a key
/// backup holds only keys its user had.</item>
/// <item>A device that was logged in when the message was sent, of a user who was a member then, must decrypt it
/// (its key was sent to the device; a stopped or crashed device gets it from the server's to-device queue) —
/// unless it logged in while its user was only invited or had left, and the user had not joined since: device-list
/// updates reach only users sharing a room the user has joined (<c>device_lists.changed</c>), so the sender need
/// not know the device; the model says "may".</item>
/// <item>Except a device on the other homeserver that the sender had no Olm session with while it could not claim
/// the device's one-time keys (federation partitioned, or the sender's claim for that server failed during a partition
/// and is backed off for an unknown time): a sender shares no room key it cannot encrypt, and does not share it
/// later (matrix-rust-sdk#2864; complement-crypto's <c>TestNewUserCannotGetKeysForOfflineServer</c>): "may". An Olm
/// session exists once one of the two devices had to receive a room key from the other live.</item>
/// <item>A device logged in after the message must decrypt it after a restore from its user's key backup if the
/// device that enabled the backup must decrypt it and could upload it (still logged in, or logged out after the
/// message), and the restore came after the message.</item>
/// <item>Otherwise a device logged in after the message: must not decrypt it while its user never had key backup
/// (there is no cross-signing, so no own device is verified and none may forward the key); may decrypt it once
/// the user has cross-signing and backup (a verified own device may forward keys).</item>
/// </list>
/// The executor makes these hold by waiting, after every membership or device change, until every other device
/// has seen it. Endpoint faults fail only a few requests, which the SDKs retry: they change no prediction.
/// Partitions heal before the checks, and federation delivers what was queued (rule 4 says when that is not enough).
/// Membership and device changes are not allowed during a partition (the other server could not see them).
/// </remarks>
public sealed class HuntModel
{
    private readonly Dictionary<string, MemberState> _membership;
    private readonly List<ModelDevice> _devices;
    private readonly List<ModelMessage> _messages;
    private readonly Dictionary<string, (string Device, int Step)> _backups;
    private readonly HashSet<string> _olmSessions = new(StringComparer.Ordinal);    // "alice#1|bob#1", names in order
    private readonly HashSet<string> _claimsBackedOff = new(StringComparer.Ordinal); // "alice#1|hs2"

    private HuntModel(Dictionary<string, MemberState> membership, List<ModelDevice> devices, List<ModelMessage> messages,
        Dictionary<string, (string, int)> backups, int step, bool partitioned, int faults)
    {
        _membership = membership;
        _devices = devices;
        _messages = messages;
        _backups = backups;
        Step = step;
        Partitioned = partitioned;
        Faults = faults;
    }

    /// <summary>A user's membership of the room.</summary>
    public enum MemberState
    {
        /// <summary>Never in the room.</summary>
        Out,

        /// <summary>Invited, not joined.</summary>
        Invited,

        /// <summary>Joined.</summary>
        Joined,

        /// <summary>Was joined, left.</summary>
        Left,
    }

    /// <summary>How many actions have been applied.</summary>
    public int Step { get; private set; }

    /// <summary>True while federation is partitioned.</summary>
    public bool Partitioned { get; private set; }

    /// <summary>How many endpoint faults were installed (at most two per run).</summary>
    public int Faults { get; private set; }

    /// <summary>Every device ever logged in, in login order.</summary>
    public IReadOnlyList<ModelDevice> Devices => _devices;

    /// <summary>Every message sent, in order.</summary>
    public IReadOnlyList<ModelMessage> Messages => _messages;

    /// <summary>The state before the first action: Alice and Bob joined, Charlie outside, one device each.</summary>
    public static HuntModel Initial()
    {
        var membership = HuntRoster.Users.ToDictionary(u => u,
            u => HuntRoster.InitiallyJoined.Contains(u) ? MemberState.Joined : MemberState.Out, StringComparer.Ordinal);
        var devices = HuntRoster.Users.Select(u => new ModelDevice(u, 1, 0)).ToList();
        return new HuntModel(membership, devices, [], new(StringComparer.Ordinal), 0, false, 0);
    }

    /// <summary>Replays <paramref name="actions"/> from <see cref="Initial"/>; null if one of them is not allowed where it stands.</summary>
    public static HuntModel? TryReplay(IEnumerable<HuntAction> actions)
    {
        var model = Initial();
        foreach (var action in actions)
        {
            if (!model.IsEnabled(action)) return null;
            model.Apply(action);
        }
        return model;
    }

    /// <summary>A user's membership now.</summary>
    public MemberState MembershipOf(string user) => _membership[user];

    /// <summary>The device that enabled a user's key backup, if one did.</summary>
    public string? BackupEnablerOf(string user) => _backups.TryGetValue(user, out var b) ? b.Device : null;

    /// <summary>A user's devices that are logged in now.</summary>
    public IReadOnlyList<ModelDevice> ActiveDevicesOf(string user) => [.. _devices.Where(d => d.User == user && d.Active)];

    /// <summary>The device named <paramref name="name"/> (<c>bob#2</c>).</summary>
    public ModelDevice Device(string name) => _devices.First(d => d.Name == name);

    /// <summary>A deep copy.</summary>
    public HuntModel Clone()
    {
        var copy = new HuntModel(new(_membership, StringComparer.Ordinal), [.. _devices.Select(d => d.Clone())],
            [.. _messages], new(_backups, StringComparer.Ordinal), Step, Partitioned, Faults);
        copy._olmSessions.UnionWith(_olmSessions);
        copy._claimsBackedOff.UnionWith(_claimsBackedOff);
        return copy;
    }

    /// <summary>Every action allowed now, in a fixed order.</summary>
    public IReadOnlyList<HuntAction> Enabled()
    {
        var all = new List<HuntAction>();
        foreach (var user in HuntRoster.Users)
        {
            foreach (var d in ActiveDevicesOf(user))
            {
                all.Add(new(HuntActionKind.Send, user, d.Number));
                all.Add(new(HuntActionKind.Logout, user, d.Number));
                all.Add(new(HuntActionKind.Restart, user, d.Number));
                all.Add(new(HuntActionKind.Crash, user, d.Number));
                all.Add(new(HuntActionKind.EnableBackup, user, d.Number));
                all.Add(new(HuntActionKind.RestoreBackup, user, d.Number));
            }
            all.Add(new(HuntActionKind.Invite, user));
            all.Add(new(HuntActionKind.Join, user));
            all.Add(new(HuntActionKind.Leave, user));
            all.Add(new(HuntActionKind.NewDevice, user));
            foreach (var endpoint in HuntEndpoints.Names)
            {
                all.Add(new(HuntActionKind.EndpointFault, user, Endpoint: endpoint, Times: 1));
                all.Add(new(HuntActionKind.EndpointFault, user, Endpoint: endpoint, Times: 2));
            }
        }
        all.Add(new(HuntActionKind.Partition));
        all.Add(new(HuntActionKind.Heal));
        return [.. all.Where(IsEnabled)];
    }

    /// <summary>Whether <paramref name="action"/> is allowed now (its preconditions hold).</summary>
    public bool IsEnabled(HuntAction action)
    {
        var user = action.User;
        if (action.Kind is not (HuntActionKind.Partition or HuntActionKind.Heal) &&
            (user is null || !_membership.ContainsKey(user)))
            return false;
        var device = action.DeviceName is { } name ? _devices.FirstOrDefault(d => d.Name == name && d.Active) : null;
        var membership = user is null ? MemberState.Out : _membership[user];
        var calm = !Partitioned; // membership, device and backup changes need both servers to see them
        return action.Kind switch
        {
            HuntActionKind.Send => device is not null && membership == MemberState.Joined,
            HuntActionKind.Invite => calm && user != HuntRoster.Owner && membership is MemberState.Out or MemberState.Left,
            HuntActionKind.Join => calm && membership == MemberState.Invited,
            HuntActionKind.Leave => calm && user != HuntRoster.Owner && membership == MemberState.Joined,
            HuntActionKind.NewDevice => calm && ActiveDevicesOf(user!).Count < 2 && _devices.Count(d => d.User == user) < 3,
            HuntActionKind.Logout => calm && device is not null && ActiveDevicesOf(user!).Count >= 2,
            HuntActionKind.Restart or HuntActionKind.Crash => device is not null,
            HuntActionKind.EnableBackup => calm && device is not null && !_backups.ContainsKey(user!),
            HuntActionKind.RestoreBackup => calm && device is not null && _backups.TryGetValue(user!, out var b) &&
                                           b.Device != device.Name,
            HuntActionKind.EndpointFault => Faults < 2 && action.Times is 1 or 2 && action.Endpoint is not null &&
                                            HuntEndpoints.All.ContainsKey(action.Endpoint),
            HuntActionKind.Partition => !Partitioned,
            HuntActionKind.Heal => Partitioned,
            _ => false,
        };
    }

    /// <summary>Applies an allowed action. Throws if it is not allowed now.</summary>
    public void Apply(HuntAction action)
    {
        if (!IsEnabled(action))
            throw new InvalidOperationException($"'{action}' is not allowed at step {Step + 1}.");
        Step++;
        var user = action.User;
        switch (action.Kind)
        {
            case HuntActionKind.Send:
                var members = _membership.Where(m => m.Value is MemberState.Joined or MemberState.Invited)
                    .Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
                var devices = _devices.Where(d => d.Active).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
                var unannounced = _devices.Where(d => d.Active && d.Unannounced).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
                Send(action.DeviceName!, members, devices, unannounced);
                break;
            case HuntActionKind.Invite:
                _membership[user!] = MemberState.Invited;
                break;
            case HuntActionKind.Join:
                _membership[user!] = MemberState.Joined;
                foreach (var d in _devices.Where(d => d.User == user)) d.Unannounced = false;
                break;
            case HuntActionKind.Leave:
                _membership[user!] = MemberState.Left;
                break;
            case HuntActionKind.NewDevice:
                _devices.Add(new ModelDevice(user!, _devices.Count(d => d.User == user) + 1, Step)
                {
                    Unannounced = _membership[user!] is MemberState.Invited or MemberState.Left,
                });
                break;
            case HuntActionKind.Logout:
                Device(action.DeviceName!).LoggedOutStep = Step;
                break;
            case HuntActionKind.EnableBackup:
                _backups[user!] = (action.DeviceName!, Step);
                break;
            case HuntActionKind.RestoreBackup:
                Device(action.DeviceName!).RestoredSteps.Add(Step);
                break;
            case HuntActionKind.EndpointFault:
                Faults++;
                break;
            case HuntActionKind.Partition:
                Partitioned = true;
                break;
            case HuntActionKind.Heal:
                Partitioned = false;
                break;
        }
    }

    /// <summary>
    /// Records a message (rule 4's reachability included) and the Olm sessions its room key created: a device that
    /// must receive the key live now shares an Olm session with the sender, usable both ways.
    /// </summary>
    private void Send(string sender, HashSet<string> members, HashSet<string> devices, HashSet<string> unannounced)
    {
        var server = HuntRoster.HomeserverOf(Device(sender).User);
        string Claim(ModelDevice d) => $"{sender}|{HuntRoster.HomeserverOf(d.User)}"; // the sender's claim for d's server
        var unreachable = _devices.Where(d => d.Active && members.Contains(d.User) && !unannounced.Contains(d.Name) &&
                                              HuntRoster.HomeserverOf(d.User) != server && !_olmSessions.Contains(Pair(sender, d.Name)) &&
                                              (Partitioned || _claimsBackedOff.Contains(Claim(d))))
            .ToList();
        if (Partitioned) _claimsBackedOff.UnionWith(unreachable.Select(Claim));
        var message = new ModelMessage(_messages.Count, Step, sender, members, devices, unannounced,
            unreachable.Select(d => d.Name).ToHashSet(StringComparer.Ordinal));
        _messages.Add(message);
        foreach (var d in _devices.Where(d => d.Active && d.Name != sender && Live(message, d) is { Item1: Expectation.Must }))
            _olmSessions.Add(Pair(sender, d.Name));
    }

    private static string Pair(string a, string b) => string.CompareOrdinal(a, b) < 0 ? $"{a}|{b}" : $"{b}|{a}";

    /// <summary>
    /// The verdict for every message on every device that can read the room at the end (logged in, its user
    /// joined). Devices of users outside the room at the end are not checked: they cannot see the messages.
    /// </summary>
    public IReadOnlyList<Prediction> Predict() =>
        [.. from m in _messages
            from d in _devices
            where d.Active && _membership[d.User] == MemberState.Joined
            let verdict = Verdict(m, d)
            select new Prediction(m.Index, d.Name, verdict.Expect, verdict.Reason)];

    private (Expectation Expect, string Reason) Verdict(ModelMessage m, ModelDevice d)
    {
        if (Live(m, d) is { } live) return live;
        if (d.RestoredSteps.Any(r => InBackup(m, d.User, r)))
            return (Expectation.Must, "restored from key backup after the message, and the backup holds its key");
        return _backups.ContainsKey(d.User)
            ? (Expectation.May, "logged in after the message; its user has cross-signing and backup, so an own device may forward the key")
            : (Expectation.MustNot, "logged in after the message, and its user never had key backup or cross-signing");
    }

    /// <summary>
    /// The messages sent so far that <paramref name="device"/> must already be able to decrypt by rules 1–4 (what
    /// it received live), by index: what a backup-enabling device holds and uploads.
    /// </summary>
    public IReadOnlyList<int> LiveMust(string device)
    {
        var d = Device(device);
        return [.. _messages.Where(m => Live(m, d) is { Item1: Expectation.Must }).Select(m => m.Index)];
    }

    /// <summary>Rules 1–4: the verdict from membership, device lifetime and reachability, or null for a device logged in later.</summary>
    private static (Expectation, string)? Live(ModelMessage m, ModelDevice d)
    {
        if (d.Name == m.Sender) return (Expectation.Must, "its own message");
        if (!m.Members.Contains(d.User))
            return (Expectation.MustNot, $"{d.User} was neither joined nor invited when it was sent");
        if (m.Unannounced.Contains(d.Name))
            return (Expectation.May, $"logged in while {d.User} was invited or had left, and {d.User} had not joined since " +
                                     "when it was sent: the sender need not have known the device");
        if (m.Unreachable.Contains(d.Name))
            return (Expectation.May, "sent while the sender could not claim the device's one-time keys (federation partitioned, " +
                                     "or its claim for that server failed in a partition and is backed off) and had no Olm session " +
                                     "with it: the key is not shared later (matrix-rust-sdk#2864)");
        if (m.Devices.Contains(d.Name))
            return (Expectation.Must, $"logged in, and {d.User} a member, when it was sent");
        return null;
    }

    private bool InBackup(ModelMessage m, string user, int restoreStep)
    {
        if (!_backups.TryGetValue(user, out var backup) || backup.Step >= restoreStep || m.Step >= restoreStep) return false;
        var enabler = Device(backup.Device);
        if (enabler.LoggedOutStep is { } gone && gone <= m.Step) return false;
        return Live(m, enabler) is { Item1: Expectation.Must };
    }
}
