using System.Text.RegularExpressions;
using Matrix.Complement.Harness.Configuration;

namespace Matrix.Complement.Harness.Tests.Hygiene;

/// <summary>Scenarios wait on events with named timeouts; a fixed wait goes through ScenarioTest.SettleAsync only.</summary>
public sealed partial class NoFixedSleepsTests
{
    [Test]
    public void No_scenario_sleeps()
    {
        var scenarios = Path.Combine(HarnessSettings.RepositoryRoot, "scenarios");
        Assert.That(Directory.Exists(scenarios), Is.True, $"no scenarios folder under {HarnessSettings.RepositoryRoot}");
        var offenders = Directory.EnumerateFiles(scenarios, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => Sleep().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(scenarios, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.That(offenders, Is.Empty, "fixed sleeps in scenarios (wait on an event, or use SettleAsync for a protocol wait)");
    }

    [Test]
    public void The_check_finds_a_sleep_when_there_is_one()
    {
        Assert.That(Sleep().IsMatch("        await Task.Delay(500, ct);"), Is.True);
        Assert.That(Sleep().IsMatch("Thread.Sleep(10);"), Is.True);
        Assert.That(Sleep().IsMatch("await SettleAsync(\"rotation period\", period, ct);"), Is.False);
    }

    [GeneratedRegex(@"\b(Task\.Delay|Thread\.Sleep|SpinWait\.SpinUntil)\s*\(")]
    private static partial Regex Sleep();
}
