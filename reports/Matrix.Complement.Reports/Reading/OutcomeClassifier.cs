namespace Matrix.Complement.Reports.Reading;

/// <summary>
/// Turns a raw result (NUnit or TRX words) into a report outcome. Failure and Error are kept apart: an assertion or a
/// harness <c>ExpectationFailedException</c> is a failure of the product; any other exception, a set-up or tear-down
/// failure and a cancellation mean the harness or environment broke. Divergence properties are read tolerantly.
/// </summary>
public static class OutcomeClassifier
{
    /// <summary>The property a known-divergence ledger sets on a test that still diverges.</summary>
    public const string DivergenceProperty = "Divergence";

    /// <summary>The property a known-divergence ledger sets on a test that no longer diverges.</summary>
    public const string UnexpectedPassProperty = "UnexpectedPass";

    private static readonly string[] ExpectationExceptions =
    [
        "ExpectationFailedException", "AssertionException", "MultipleAssertException", "SuccessException",
    ];

    /// <summary>Classifies one attempt.</summary>
    public static TestOutcome Classify(string result, string? label, string? site, string? message,
        IReadOnlyDictionary<string, IReadOnlyList<string>> properties)
    {
        if (HasFlag(properties, UnexpectedPassProperty)) return TestOutcome.UnexpectedPass;
        switch (result.Trim().ToLowerInvariant())
        {
            case "passed":
                return TestOutcome.Passed;
            case "inconclusive":
                return HasFlag(properties, DivergenceProperty) ? TestOutcome.ExpectedFailure : TestOutcome.Skipped;
            case "warning":
                return HasFlag(properties, DivergenceProperty) ? TestOutcome.ExpectedFailure : TestOutcome.Failed;
            case "skipped" or "notexecuted" or "ignored" or "pending" or "notrunnable" or "disconnected":
                return TestOutcome.Skipped;
            case "error" or "timeout" or "aborted":
                return IsExpectationMessage(message) ? TestOutcome.Failed : TestOutcome.Error;
            case "failed":
                if (label is "Cancelled" or "Invalid") return TestOutcome.Error;
                if (IsExpectationMessage(message)) return TestOutcome.Failed;
                if (label == "Error") return TestOutcome.Error;
                if (site is "SetUp" or "TearDown" or "Parent") return TestOutcome.Error;
                return LooksLikeException(message) ? TestOutcome.Error : TestOutcome.Failed;
            default:
                return TestOutcome.Error;
        }
    }

    /// <summary>True when a property is present and not explicitly false.</summary>
    public static bool HasFlag(IReadOnlyDictionary<string, IReadOnlyList<string>> properties, string name) =>
        properties.TryGetValue(name, out var values) && values.Count > 0 &&
        !values.All(v => string.Equals(v, "false", StringComparison.OrdinalIgnoreCase));

    private static string? ExceptionType(string? message)
    {
        if (string.IsNullOrEmpty(message)) return null;
        var colon = message.IndexOf(" : ", StringComparison.Ordinal);
        if (colon <= 0 || colon > 200) return null;
        var type = message[..colon].Trim();
        return type.Length > 0 && type.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '`' or '+') ? type : null;
    }

    private static bool IsExpectationMessage(string? message) =>
        ExceptionType(message) is { } type && ExpectationExceptions.Any(e => type.EndsWith(e, StringComparison.Ordinal));

    private static bool LooksLikeException(string? message) =>
        ExceptionType(message) is { } type && type.EndsWith("Exception", StringComparison.Ordinal);
}
