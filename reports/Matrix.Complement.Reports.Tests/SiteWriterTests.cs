using System.Text.RegularExpressions;

namespace Matrix.Complement.Reports.Tests;

public sealed partial class SiteWriterTests
{
    private SyntheticRun _run = null!;
    private RunResults _results = null!;
    private string _site = null!;

    [OneTimeSetUp]
    public void Generate()
    {
        _run = new SyntheticRun();
        _results = SiteWriter.Generate(new ReportOptions
        {
            RunDirectory = _run.Directory,
            LatestDirectory = Path.Combine(Path.GetDirectoryName(_run.Directory)!, "site"),
        });
        _site = Path.Combine(_run.Directory, "report");
    }

    [OneTimeTearDown]
    public void CleanUp() => _run.Dispose();

    private string Page(string relative) => File.ReadAllText(Path.Combine(_site, relative));

    private string TestPage(string pair, string method) =>
        Page("tests/" + Matrix.Complement.Harness.Diagnostics.TestArtefacts.SafeName(SyntheticRun.FullName(pair, method)) + ".html");

    [Test]
    public void Every_page_is_written_with_one_page_per_test()
    {
        foreach (var page in new[] { "index.html", "pillars.html", "utd.html", "tests.html" })
            Assert.That(File.Exists(Path.Combine(_site, page)), page);
        Assert.That(Directory.GetFiles(Path.Combine(_site, "tests"), "*.html"), Has.Length.EqualTo(_results.Tests.Count));
    }

    [Test]
    public void Pages_fetch_nothing_from_outside()
    {
        foreach (var file in Directory.GetFiles(_site, "*.html", SearchOption.AllDirectories))
        {
            var html = File.ReadAllText(file);
            Assert.That(ExternalResource().IsMatch(html), Is.False, $"{file} loads an external resource");
            Assert.That(html, Does.Contain("Content-Security-Policy"));
        }
    }

    [Test]
    public void Secrets_are_redacted_everywhere()
    {
        foreach (var file in Directory.GetFiles(_site, "*.html", SearchOption.AllDirectories))
            Assert.That(File.ReadAllText(file), Does.Not.Contain(SyntheticRun.Secret), file);
        Assert.That(TestPage(SyntheticRun.JsNio, "Messages_decrypt"), Does.Contain("&lt;redacted&gt;"));
    }

    [Test]
    public void The_summary_counts_every_outcome_and_shows_the_manifest_and_result_links()
    {
        var index = Page("index.html");
        foreach (var o in TestOutcomes.All)
            Assert.That(index, Does.Contain($"<span>{o.Label()}</span>"));
        Assert.That(index, Does.Contain("1.140.0").And.Contain("sha256:feedface").And.Contain("38.1.0").And.Contain("140.0.7339.80"));
        Assert.That(index, Does.Contain("../results/Matrix.Complement.Harness.Tests.trx").And.Contain(".junit.xml"));
    }

    [Test]
    public void A_repeated_test_shows_its_flake_rate()
    {
        var index = Page("index.html");
        Assert.That(index, Does.Contain("Repeats and flake rate"));
        var row = index[index.IndexOf("Repeats and flake rate", StringComparison.Ordinal)..];
        Assert.That(row, Does.Contain("Flaky_send").And.Contain("50%"));
    }

    [Test]
    public void Grid_cells_are_coloured_and_link_to_their_test()
    {
        var index = Page("index.html");
        var id = Matrix.Complement.Harness.Diagnostics.TestArtefacts.SafeName(SyntheticRun.FullName(SyntheticRun.JsNio, "Messages_decrypt"));
        Assert.That(index, Does.Contain($"<a class=\"cell o-fail\" href=\"tests/{id}.html\""));
        Assert.That(index, Does.Contain("cell o-flaky").And.Contain("cell o-xfail").And.Contain("cell o-xpass").And.Contain("cell o-error"));
    }

    [Test]
    public void Failure_and_error_are_shown_differently()
    {
        Assert.That(TestPage(SyntheticRun.JsNio, "Messages_decrypt"),
            Does.Contain("box o-fail").And.Contain("Failure — an expectation was not met").And.Contain("bob (nio@hs2) expected to decrypt"));
        Assert.That(TestPage(SyntheticRun.JsNio, "History_is_shared"),
            Does.Contain("box o-error").And.Contain("Error — the harness or the environment broke"));
    }

    [Test]
    public void A_test_page_links_every_artefact_and_shows_timeline_and_console()
    {
        var page = TestPage(SyntheticRun.JsNio, "Messages_decrypt");
        Assert.That(page, Does.Contain("Playwright trace").And.Contain("alice-ALICEDEV.trace.zip")
            .And.Contain("href=\"../../tests/").And.Contain("proxy-flows.jsonl").And.Contain("hs1.log"));
        Assert.That(page, Does.Contain("data-src=\"call\"").And.Contain("data-src=\"flow\"").And.Contain("data-src=\"hs1\"")
            .And.Contain("data-src=\"push\""));
        Assert.That(page, Does.Contain("Client console logs").And.Contain("failed to share room key"));
    }

    [Test]
    public void Utd_page_breaks_down_by_code_kind_and_expectation()
    {
        var utd = Page("utd.html");
        Assert.That(utd, Does.Contain("MEGOLM_UNKNOWN_INBOUND_SESSION_ID").And.Contain("UNSIGNED_SENDER_DEVICE").And.Contain(">nio<"));
    }

    [Test]
    public void Utd_page_says_so_when_there_is_no_data()
    {
        var empty = Path.Combine(Path.GetDirectoryName(_run.Directory)!, "empty-run");
        Directory.CreateDirectory(empty);
        SiteWriter.Generate(new ReportOptions { RunDirectory = empty });
        Assert.That(File.ReadAllText(Path.Combine(empty, "report", "utd.html")), Does.Contain("No UTD data"));
        Assert.That(File.ReadAllText(Path.Combine(empty, "report", "index.html")), Does.Contain("No test results found"));
    }

    [Test]
    public void Pillar_grid_has_the_pillars_and_the_mscs()
    {
        var pillars = Page("pillars.html");
        foreach (var name in new[] { "UTD", "TOFU", "MSC4153", "Sliding sync", "Call E2EE", "Auth" })
            Assert.That(pillars, Does.Contain($"<b>{name}</b>"));
    }

    [Test]
    public void The_latest_link_points_at_the_run_and_its_index_opens_the_report()
    {
        var site = Path.Combine(Path.GetDirectoryName(_run.Directory)!, "site");
        var link = new DirectoryInfo(Path.Combine(site, "latest"));
        Assert.That(link.LinkTarget, Is.Not.Null);
        Assert.That(File.Exists(Path.Combine(link.FullName, "report", "index.html")), Is.True);
        Assert.That(File.ReadAllText(Path.Combine(site, "index.html")), Does.Contain("latest/report/index.html"));
    }

    [Test]
    public async Task The_command_line_writes_the_report_and_fails_on_unexpected_outcomes_when_asked()
    {
        using var output = new StringWriter();
        var code = await ReportEntry.RunAsync(["--run-dir", _run.Directory, "--no-latest", "--fail-on-unexpected"], output, output);
        Assert.That(code, Is.EqualTo(1), output.ToString());
        Assert.That(output.ToString(), Does.Contain("report: ").And.Contain("index.html").And.Contain("1 flaky"));
        Assert.That(await ReportEntry.RunAsync(["--bogus"], output, output), Is.EqualTo(2));
    }

    [GeneratedRegex("""(?:src|href)\s*=\s*"(?:https?:)?//|@import|url\(\s*['"]?(?:https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalResource();
}
