using Matrix.Complement.Harness.Hunting;

namespace Matrix.Complement.Cli;

/// <summary>
/// <c>bisect next|table --versions A,B,C [--results A=pass,C=fail] [--assume-good]</c>: the decisions of <c>./complement bisect</c>
/// (<see cref="BisectSearch"/>); the shell side builds bundles and runs the scenarios. <c>next</c> prints
/// <c>test VERSION</c>, <c>first-failing VERSION</c>, <c>oldest-fails</c> or <c>none</c>; <c>table</c> prints every version with its
/// result and the conclusion. Exit codes: 0 done, 2 bad arguments.
/// </summary>
public static class BisectCommand
{
    /// <summary>The usage line.</summary>
    public const string Usage = "usage: bisect next|table --versions A,B,C [--results A=pass,C=fail] [--assume-good]";

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output)
    {
        if (args.Length == 0 || args[0] is not ("next" or "table"))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        IReadOnlyList<string> versions = [];
        var results = new Dictionary<string, bool>(StringComparer.Ordinal);
        var assumeGood = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--versions" when i + 1 < args.Length:
                    versions = Split(args[++i]);
                    break;
                case "--assume-good":
                    assumeGood = true;
                    break;
                case "--results" when i + 1 < args.Length:
                    foreach (var entry in Split(args[++i]))
                    {
                        var parts = entry.Split('=', 2);
                        if (parts.Length != 2 || parts[1] is not ("pass" or "fail"))
                        {
                            Console.Error.WriteLine($"bisect: '{entry}' is not VERSION=pass or VERSION=fail");
                            return 2;
                        }
                        results[parts[0]] = parts[1] == "pass";
                    }
                    break;
                default:
                    Console.Error.WriteLine($"bisect: unknown or incomplete argument '{args[i]}'");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        BisectSearch search;
        try
        {
            search = new BisectSearch(versions, results, assumeGood);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"bisect: {e.Message}");
            return 2;
        }
        if (args[0] == "next")
        {
            output.WriteLine(search.Next is { } next ? $"test {next}" : search.FirstFailing is { } bad ? $"first-failing {bad}" : search.OldestFails ? "oldest-fails" : "none");
            return 0;
        }
        var width = Math.Max(7, versions.Max(v => v.Length));
        output.WriteLine($"{"version".PadRight(width)}  result");
        foreach (var (version, result) in search.Table())
            output.WriteLine($"{version.PadRight(width)}  {result}");
        output.WriteLine(search.Conclusion);
        return 0;
    }

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
