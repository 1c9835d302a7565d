namespace Matrix.Complement.Reports.Model;

/// <summary>A test of the run: every attempt at it, merged into one outcome, and where it sits in the grid.</summary>
public sealed class TestRecord
{
    /// <summary>Merges the attempts of one test (same full name).</summary>
    public TestRecord(IReadOnlyList<TestAttempt> attempts)
    {
        if (attempts.Count == 0) throw new ArgumentException("a test needs at least one attempt", nameof(attempts));
        Attempts = [.. attempts.OrderBy(a => a.Start ?? DateTimeOffset.MinValue)];
        var distinct = Attempts.Select(a => a.Outcome).Distinct().ToArray();
        Outcome = distinct.Length > 1 ? TestOutcome.Flaky : distinct[0];
        var parts = TestNameParts.Parse(Last.FullName, Last.ClassName, Last.Name);
        Fixture = parts.Fixture;
        Namespace = parts.Namespace;
        ClientPair = parts.ClientPair;
        Id = Matrix.Complement.Harness.Diagnostics.TestArtefacts.SafeName(FullName);
    }

    /// <summary>Every attempt, oldest first.</summary>
    public IReadOnlyList<TestAttempt> Attempts { get; }

    /// <summary>The newest attempt; its message and trace are the ones shown first.</summary>
    public TestAttempt Last => Attempts[^1];

    /// <summary>The attempt to explain the outcome with: the newest that did not pass, else the newest.</summary>
    public TestAttempt Representative =>
        Attempts.LastOrDefault(a => a.Outcome is not (TestOutcome.Passed or TestOutcome.Skipped)) ?? Last;

    /// <summary>The merged outcome.</summary>
    public TestOutcome Outcome { get; }

    /// <summary>The NUnit full name.</summary>
    public string FullName => Last.FullName;

    /// <summary>The file-system-safe id: the name of its artefact folder and of its page.</summary>
    public string Id { get; }

    /// <summary>The fixture class without namespace or arguments, e.g. <c>EncryptedRoomScenarios</c>.</summary>
    public string Fixture { get; }

    /// <summary>The namespace of the fixture.</summary>
    public string Namespace { get; }

    /// <summary>The fixture's client pair (<c>js@hs1|js@hs2</c>), or null for tests without one.</summary>
    public string? ClientPair { get; }

    /// <summary>The grid row: fixture and method with its arguments.</summary>
    public string Scenario => $"{Fixture}.{Last.Name}";

    /// <summary>Values of a property across attempts.</summary>
    public IReadOnlyList<string> Property(string name) =>
        [.. Attempts.SelectMany(a => a.Properties.TryGetValue(name, out var v) ? v : []).Distinct()];

    /// <summary>Categories across attempts.</summary>
    public IReadOnlyList<string> Categories => [.. Attempts.SelectMany(a => a.Categories).Distinct()];

    /// <summary>Total duration of all attempts, in seconds.</summary>
    public double DurationSeconds => Attempts.Sum(a => a.DurationSeconds);
}
