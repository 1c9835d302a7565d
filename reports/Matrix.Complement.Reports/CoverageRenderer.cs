using System.Diagnostics;

namespace Matrix.Complement.Reports;

/// <summary>
/// Renders the coverage page from coverlet's <c>coverage.cobertura.xml</c> files with ReportGenerator, the local
/// tool of the repository (<c>.config/dotnet-tools.json</c>). Missing files or tool: a note, never a failure.
/// </summary>
public static class CoverageRenderer
{
    /// <summary>Renders <paramref name="target"/>/index.html; returns false (with a note on <paramref name="log"/>) when it cannot.</summary>
    public static bool TryRender(string resultsDirectory, string target, TextWriter? log)
    {
        if (!Directory.Exists(resultsDirectory)) return false;
        var all = Directory.EnumerateFiles(resultsDirectory, "coverage.cobertura.xml", SearchOption.AllDirectories).ToArray();
        // TRX attachment copies ("<run>/In/…") duplicate the collector's own files
        var own = all.Where(f => !f.Split(Path.DirectorySeparatorChar).Contains("In")).ToArray();
        var files = own.Length > 0 ? own : all;
        if (files.Length == 0)
        {
            log?.WriteLine("report: no coverage files (run dotnet test with --collect \"XPlat Code Coverage\" for a coverage page)");
            return false;
        }
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Matrix.Complement.Harness.Configuration.HarnessSettings.RepositoryRoot,
        };
        foreach (var arg in new[]
                 {
                     "tool", "run", "reportgenerator", $"-reports:{string.Join(';', files)}", $"-targetdir:{target}",
                     "-reporttypes:Html", "-assemblyfilters:+Matrix.Complement.*;-*.Tests", "-verbosity:Warning",
                 })
            info.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                log?.WriteLine("report: ReportGenerator took over 3 minutes; no coverage page");
                return false;
            }
            if (process.ExitCode != 0)
            {
                log?.WriteLine($"report: ReportGenerator failed ({process.ExitCode}): {stderr.Result.Trim()}");
                return false;
            }
            return File.Exists(Path.Combine(target, "index.html"));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log?.WriteLine($"report: could not start ReportGenerator: {e.Message}");
            return false;
        }
    }
}
