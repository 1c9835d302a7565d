namespace Matrix.Complement.Reports.Reading;

/// <summary>
/// The MatrixRTC key-distribution rules A1-A9 (notes/rtc-auth.md §2.1) and, for each, the call E2EE tests that check
/// it: a test belongs to a rule when it is in the call E2EE pillar and its method name starts with the rule's id
/// (<c>A3_after_a_member_leaves_…</c>). A rule without a test in the run is reported as not run, never as passed.
/// </summary>
public static class CallRules
{
    /// <summary>One rule: its id, short name and the assertion it makes.</summary>
    public sealed record Rule(string Id, string Name, string Assertion);

    /// <summary>A rule's standing in a run: its tests, their worst outcome, and why (ledger reason or skip message).</summary>
    /// <param name="Rule">The rule.</param>
    /// <param name="Tests">The tests that check it (any client kind), worst first.</param>
    /// <param name="Outcome">The worst outcome of its tests; null when no test checked it in this run.</param>
    /// <param name="Why">The ledger reason of an expected failure, the message of a skip or failure; null for a pass.</param>
    public sealed record Standing(Rule Rule, IReadOnlyList<TestRecord> Tests, TestOutcome? Outcome, string? Why);

    /// <summary>The rules, in order.</summary>
    public static IReadOnlyList<Rule> All { get; } =
    [
        new("A1", "Completeness", "within the key-use delay every member holds every other member's current key, delivered Olm-encrypted"),
        new("A2", "Confinement", "keys go only to devices with a joined membership, never to other devices or as room events"),
        new("A3", "Forward secrecy on leave", "after a member leaves, the others rotate to the next index and the leaver never gets it"),
        new("A4", "Bounded backward exposure on join", "a joiner within the grace period gets the current key; a later joiner causes rotation"),
        new("A5", "Rejoin", "a rejoin on the same device counts as a new member and gets a fresh share"),
        new("A6", "Ordering robustness", "early keys are buffered, the index wraps 255 to 0, same-index keys follow the sender's timestamp"),
        new("A7", "Identity binding", "a key whose claimed device is not the Olm sender, or sent in clear, is rejected"),
        new("A8", "Trust policy (MSC4153)", "with exclude-insecure-devices, keys neither go to nor come from devices not cross-signed"),
        new("A9", "Membership hygiene", "the delayed leave is scheduled before the join; a killed client's leave comes from the server"),
    ];

    /// <summary>The standing of every rule among <paramref name="tests"/> (each test's pillars from <paramref name="pillarsOf"/>).</summary>
    public static IReadOnlyList<Standing> Of(IEnumerable<TestRecord> tests, Func<TestRecord, IReadOnlyList<string>> pillarsOf)
    {
        var calls = tests.Where(t => pillarsOf(t).Contains(CallPillar)).ToList();
        return [.. All.Select(rule =>
        {
            var mine = calls.Where(t => t.Last.Name.StartsWith(rule.Id + "_", StringComparison.Ordinal))
                .OrderBy(t => t.Outcome.Severity()).ThenBy(t => t.FullName, StringComparer.Ordinal).ToList();
            if (mine.Count == 0) return new Standing(rule, mine, null, "no test checked this rule in this run");
            var worst = mine[0];
            return new Standing(rule, mine, worst.Outcome, Why(worst));
        })];
    }

    /// <summary>The pillar the rules belong to (<see cref="Pillars.All"/>).</summary>
    public const string CallPillar = "Call E2EE";

    private static string? Why(TestRecord test) => test.Outcome switch
    {
        TestOutcome.Passed => null,
        TestOutcome.ExpectedFailure or TestOutcome.UnexpectedPass =>
            test.Property("Divergence").FirstOrDefault() ?? test.Property("UnexpectedPass").FirstOrDefault() ?? test.Representative.Message,
        _ => test.Representative.Message,
    };
}
