namespace Matrix.Complement.Reports.Model;

/// <summary>What the report says about a test, after divergences, errors and repeated attempts are taken into account.</summary>
public enum TestOutcome
{
    /// <summary>Every attempt passed.</summary>
    Passed,

    /// <summary>An expectation was not met: the product misbehaved.</summary>
    Failed,

    /// <summary>The harness or the environment broke (set-up, infrastructure exception, cancellation).</summary>
    Error,

    /// <summary>Ignored, explicit, or inconclusive without a declared divergence.</summary>
    Skipped,

    /// <summary>A declared divergence that still diverges (Inconclusive or Warning with a <c>Divergence</c> property).</summary>
    ExpectedFailure,

    /// <summary>A declared divergence that no longer diverges (an <c>UnexpectedPass</c> property): the ledger should shrink.</summary>
    UnexpectedPass,

    /// <summary>Run more than once in the run with different outcomes: never reported as passed.</summary>
    Flaky,
}

/// <summary>Display names, CSS classes and severities of outcomes.</summary>
public static class TestOutcomes
{
    /// <summary>Every outcome, in the order the summary shows them.</summary>
    public static IReadOnlyList<TestOutcome> All { get; } =
    [
        TestOutcome.Passed, TestOutcome.Failed, TestOutcome.Error, TestOutcome.Flaky, TestOutcome.UnexpectedPass,
        TestOutcome.ExpectedFailure, TestOutcome.Skipped,
    ];

    /// <summary>The words a person reads.</summary>
    public static string Label(this TestOutcome outcome) => outcome switch
    {
        TestOutcome.Passed => "passed",
        TestOutcome.Failed => "failed",
        TestOutcome.Error => "error",
        TestOutcome.Skipped => "skipped",
        TestOutcome.ExpectedFailure => "expected failure",
        TestOutcome.UnexpectedPass => "unexpected pass",
        TestOutcome.Flaky => "flaky",
        _ => outcome.ToString(),
    };

    /// <summary>The CSS class of cells and badges.</summary>
    public static string CssClass(this TestOutcome outcome) => outcome switch
    {
        TestOutcome.Passed => "o-pass",
        TestOutcome.Failed => "o-fail",
        TestOutcome.Error => "o-error",
        TestOutcome.Skipped => "o-skip",
        TestOutcome.ExpectedFailure => "o-xfail",
        TestOutcome.UnexpectedPass => "o-xpass",
        TestOutcome.Flaky => "o-flaky",
        _ => "o-skip",
    };

    /// <summary>True for outcomes that should make a run red: failures, errors, flakes and unexpected passes.</summary>
    public static bool IsUnexpected(this TestOutcome outcome) =>
        outcome is TestOutcome.Failed or TestOutcome.Error or TestOutcome.Flaky or TestOutcome.UnexpectedPass;

    /// <summary>Sort key: the worst first.</summary>
    public static int Severity(this TestOutcome outcome) => outcome switch
    {
        TestOutcome.Error => 0,
        TestOutcome.Failed => 1,
        TestOutcome.Flaky => 2,
        TestOutcome.UnexpectedPass => 3,
        TestOutcome.ExpectedFailure => 4,
        TestOutcome.Skipped => 5,
        _ => 6,
    };
}
