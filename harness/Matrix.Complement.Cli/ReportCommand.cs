namespace Matrix.Complement.Cli;

/// <summary>
/// <c>report [--run-dir DIR] [--results DIR] [--out DIR] [--latest DIR | --no-latest] [--coverage] [--fail-on-unexpected]</c>:
/// writes the run's static HTML report (Matrix.Complement.Reports; see its <c>ReportEntry</c> for defaults and exit codes).
/// </summary>
public static class ReportCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args) => Matrix.Complement.Reports.ReportEntry.RunAsync(args);
}
