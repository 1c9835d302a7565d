namespace Matrix.Complement.Cli;

/// <summary>
/// <c>report [--run-dir DIR] [--results DIR] [--out DIR] [--latest DIR | --no-latest] [--coverage] [--fail-on-unexpected]</c>:
/// writes the run's static HTML report (Matrix.Complement.Reports; see its <c>ReportEntry</c> for defaults and exit codes).
/// </summary>
public static class ReportCommand
{
    /// <summary>Runs the command; returns the process exit code.</summary>
#if MATRIX_COMPLEMENT_REPORTS
    public static Task<int> RunAsync(string[] args) => Matrix.Complement.Reports.ReportEntry.RunAsync(args);
#else
    public static Task<int> RunAsync(string[] args)
    {
        _ = args;
        Console.Error.WriteLine("report: this build of the CLI does not reference Matrix.Complement.Reports " +
            "(add the project reference and the MATRIX_COMPLEMENT_REPORTS constant to Matrix.Complement.Cli.csproj)");
        return Task.FromResult(2);
    }
#endif
}
