namespace Matrix.Complement.Reports.Model;

/// <summary>One execution of one test, as one result file recorded it.</summary>
public sealed record TestAttempt
{
    /// <summary>The NUnit full name, e.g. <c>Ns.EncryptedRoomScenarios(js@hs1|js@hs2).Messages_decrypt</c>.</summary>
    public required string FullName { get; init; }

    /// <summary>The method's display name with its arguments, e.g. <c>Messages_decrypt(V2)</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The fixture class with its namespace, when known.</summary>
    public string? ClassName { get; init; }

    /// <summary>The test assembly (file name without extension).</summary>
    public string Assembly { get; init; } = "";

    /// <summary>The raw result word: Passed, Failed, Inconclusive, Skipped, Warning (TRX words are mapped).</summary>
    public required string Result { get; init; }

    /// <summary>NUnit's label (Error, Cancelled, Invalid, Ignored, Explicit), when any.</summary>
    public string? Label { get; init; }

    /// <summary>Where a failure happened (Test, SetUp, TearDown, Parent), when any.</summary>
    public string? Site { get; init; }

    /// <summary>What this attempt means for the report.</summary>
    public required TestOutcome Outcome { get; init; }

    /// <summary>The failure or skip message.</summary>
    public string? Message { get; init; }

    /// <summary>The stack trace of a failure.</summary>
    public string? StackTrace { get; init; }

    /// <summary>Captured standard output.</summary>
    public string? Output { get; init; }

    /// <summary>When the attempt started (UTC).</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>When the attempt ended (UTC).</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>Duration in seconds.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>NUnit properties (Spec, Msc, IssueLink, Regression, Divergence, …), inherited from fixtures.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Properties { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>NUnit categories, inherited from fixtures.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Files attached with <c>TestContext.AddTestAttachment</c>.</summary>
    public IReadOnlyList<string> Attachments { get; init; } = [];

    /// <summary>The result file this attempt came from.</summary>
    public string SourceFile { get; init; } = "";
}
