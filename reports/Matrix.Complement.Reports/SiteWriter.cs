using Matrix.Complement.Reports.Html;
using Matrix.Complement.Reports.Reading;

namespace Matrix.Complement.Reports;

/// <summary>
/// Writes a run's static site: <c>index.html</c> (summary and grid), <c>pillars.html</c>, <c>utd.html</c>,
/// <c>tests.html</c> and <c>tests/&lt;id&gt;.html</c> per test. Pages are self-contained (inline CSS and JS) and
/// link to artefacts and result files relatively, so the run folder opens from file:// and can be moved whole.
/// </summary>
public static class SiteWriter
{
    /// <summary>Loads the run, renders coverage if asked, writes the site and the latest link; returns the loaded run.</summary>
    public static RunResults Generate(ReportOptions options, TextWriter? log = null)
    {
        var run = RunLoader.Load(options.RunDirectory, options.ResultsDirectory);
        var site = options.SiteDirectory;
        Directory.CreateDirectory(site);
        if (options.Coverage) CoverageRenderer.TryRender(options.ResultsDirectory ?? Path.Combine(options.RunDirectory, "results"),
            Path.Combine(site, "coverage"), log);
        Write(run, site);
        if (options.LatestDirectory is { } latest) LatestLink.Update(latest, options.RunDirectory, site, log);
        return run;
    }

    /// <summary>Writes the pages of an already loaded run into <paramref name="site"/>.</summary>
    public static void Write(RunResults run, string site)
    {
        var testsDirectory = Path.Combine(site, "tests");
        if (Directory.Exists(testsDirectory)) Directory.Delete(testsDirectory, recursive: true);
        Directory.CreateDirectory(testsDirectory);
        File.WriteAllText(Path.Combine(site, "index.html"), SummaryPage.Render(run, site));
        File.WriteAllText(Path.Combine(site, "pillars.html"), PillarPage.Render(run));
        File.WriteAllText(Path.Combine(site, "utd.html"), UtdPage.Render(run));
        File.WriteAllText(Path.Combine(site, "tests.html"), TestListPage.Render(run));
        Parallel.ForEach(run.Tests, test =>
            File.WriteAllText(Path.Combine(testsDirectory, test.Id + ".html"), TestPage.Render(run, test, testsDirectory)));
    }
}
