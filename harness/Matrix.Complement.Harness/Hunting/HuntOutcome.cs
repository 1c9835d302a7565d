namespace Matrix.Complement.Harness.Hunting;

/// <summary>What one run of an action sequence against real clients gave.</summary>
/// <param name="Actions">The sequence that ran.</param>
/// <param name="Violations">Each unexpected UTD or forbidden decryption (message, device, rule); empty when the run passed.</param>
/// <param name="Error">An exception that stopped the run (the product or the environment broke), if any.</param>
/// <param name="LastRelevantAction">The index of the last action a violation involved (the send of its message), if known.</param>
/// <param name="Duration">Wall time of the run.</param>
/// <param name="Signatures">
/// Each violation's kind without its run-specific details (<c>unexpected UTD: from alice on bob's later device</c>):
/// what shrinking keeps, so a smaller sequence that fails differently is not taken for the same failure.
/// </param>
public sealed record HuntOutcome(IReadOnlyList<HuntAction> Actions, IReadOnlyList<string> Violations, Exception? Error,
    int? LastRelevantAction, TimeSpan Duration, IReadOnlyList<string>? Signatures = null)
{
    /// <summary>True when every prediction held and nothing threw.</summary>
    public bool Passed => Violations.Count == 0 && Error is null;

    /// <summary>The violations' signatures (none when the run passed or broke before its checks).</summary>
    public IReadOnlyList<string> Signatures { get; init; } = Signatures ?? [];

    /// <summary>The signature of a violation of <paramref name="what"/> for a message of <paramref name="sender"/>'s on <paramref name="device"/>.</summary>
    public static string Signature(string what, string sender, ModelDevice device) =>
        $"{what}: from {sender} on {device.User}'s {(device.Number == 1 ? "first" : "later")} device";

    /// <summary>A failure message: the violations (or error), then the numbered action sequence.</summary>
    public string Describe() =>
        (Error is not null ? $"the run stopped with {Error.GetType().Name}: {Error.Message}\n" : "") +
        (Violations.Count > 0 ? $"{Violations.Count} violation(s):\n  " + string.Join("\n  ", Violations) + "\n" : "") +
        "after the actions (start: alice and bob joined, one device each; charlie outside):\n" + Numbered(Actions);

    /// <summary>The actions numbered from 1, one a line.</summary>
    public static string Numbered(IEnumerable<HuntAction> actions) =>
        string.Join("\n", actions.Select((a, i) => $"  {i + 1}. {a}"));
}
