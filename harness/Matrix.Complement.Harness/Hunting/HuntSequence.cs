namespace Matrix.Complement.Harness.Hunting;

/// <summary>
/// Builds valid action sequences from random numbers (so a property-testing library only has to generate
/// integers), and proposes smaller valid sequences when one failed (shrinking by dropping actions).
/// </summary>
public static class HuntSequence
{
    /// <summary>
    /// How often each kind of action is picked, relative to the others, when it is allowed. Sends are what the
    /// checks look at, and new devices are the commonest source of UTDs in the field; leaving and logging out take
    /// devices out of the final checks, so they are rarer.
    /// </summary>
    public static IReadOnlyDictionary<HuntActionKind, int> Weights { get; } = new Dictionary<HuntActionKind, int>
    {
        [HuntActionKind.Send] = 40,
        [HuntActionKind.Invite] = 8,
        [HuntActionKind.Join] = 8,
        [HuntActionKind.Leave] = 3,
        [HuntActionKind.NewDevice] = 20,
        [HuntActionKind.Logout] = 3,
        [HuntActionKind.Restart] = 4,
        [HuntActionKind.Crash] = 3,
        [HuntActionKind.EnableBackup] = 3,
        [HuntActionKind.RestoreBackup] = 5,
        [HuntActionKind.EndpointFault] = 4,
        [HuntActionKind.Partition] = 3,
        [HuntActionKind.Heal] = 6,
    };

    /// <summary>
    /// One action per number: the number picks a kind (by <see cref="Weights"/>, among the kinds allowed in the
    /// model's state) and then one allowed action of that kind. The result is valid by construction.
    /// </summary>
    public static IReadOnlyList<HuntAction> Build(IEnumerable<int> choices)
    {
        var model = HuntModel.Initial();
        var actions = new List<HuntAction>();
        foreach (var raw in choices)
        {
            var choice = (long)raw & int.MaxValue;
            var enabled = model.Enabled();
            if (enabled.Count == 0) break;
            var kinds = enabled.Select(a => a.Kind).Distinct().ToList();
            var total = kinds.Sum(k => Weights[k]);
            var pick = (int)(choice % total);
            var kind = kinds.First(k => (pick -= Weights[k]) < 0);
            var ofKind = enabled.Where(a => a.Kind == kind).ToList();
            var action = ofKind[(int)(choice / total % ofKind.Count)];
            model.Apply(action);
            actions.Add(action);
        }
        return actions;
    }

    /// <summary>True if every action is allowed where it stands.</summary>
    public static bool IsValid(IEnumerable<HuntAction> actions) => HuntModel.TryReplay(actions) is not null;

    /// <summary>
    /// Makes a sequence valid after actions were removed from it: a device action whose device no longer exists
    /// moves to the user's lowest-numbered device where that is allowed (<c>alice#2 sends</c> becomes
    /// <c>alice#1 sends</c> once the login of alice#2 is gone); any other action not allowed where it stands is dropped.
    /// </summary>
    public static IReadOnlyList<HuntAction> Repair(IEnumerable<HuntAction> actions)
    {
        var model = HuntModel.Initial();
        var kept = new List<HuntAction>();
        foreach (var original in actions)
        {
            var action = original;
            if (!model.IsEnabled(action) && action is { Device: > 0, User: { } user })
                action = model.ActiveDevicesOf(user).Select(d => action with { Device = d.Number }).FirstOrDefault(model.IsEnabled)
                         ?? action;
            if (!model.IsEnabled(action)) continue;
            model.Apply(action);
            kept.Add(action);
        }
        return kept;
    }

    /// <summary>
    /// Smaller valid sequences to try after <paramref name="actions"/> failed, most aggressive first: the prefix
    /// up to the last action the failure involved (<paramref name="lastRelevant"/>, if known), then the sequence
    /// without each half, quarter, … and finally without each single action. Each candidate is made valid with
    /// <see cref="Repair"/> (dropping an action drops, or moves, the later actions that needed it). No candidate repeats or equals the input.
    /// </summary>
    public static IEnumerable<IReadOnlyList<HuntAction>> ShrinkCandidates(IReadOnlyList<HuntAction> actions, int? lastRelevant = null)
    {
        var seen = new HashSet<string> { Key(actions) };
        var candidates = new List<IReadOnlyList<HuntAction>>();
        if (lastRelevant is { } last && last >= 0 && last < actions.Count - 1)
            candidates.Add(Repair(actions.Take(last + 1)));
        for (var size = actions.Count / 2; size >= 1; size /= 2)
            for (var start = 0; start + size <= actions.Count; start += size)
                candidates.Add(Repair(actions.Take(start).Concat(actions.Skip(start + size))));
        foreach (var candidate in candidates)
            if (seen.Add(Key(candidate)))
                yield return candidate;
    }

    private static string Key(IEnumerable<HuntAction> actions) => string.Join("|", actions);
}
