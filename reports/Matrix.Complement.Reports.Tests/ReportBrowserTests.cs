using Matrix.Complement.Harness.Configuration;
using Matrix.Complement.Harness.Diagnostics;
using Microsoft.Playwright;

namespace Matrix.Complement.Reports.Tests;

/// <summary>Opens a generated report in Chromium from file:// and checks what a person sees: the grid and a test page.</summary>
[NonParallelizable] // one browser at a time on small machines
public sealed class ReportBrowserTests
{
    private const string DebianHeadlessShell = "/usr/lib/chromium/chromium-headless-shell";

    private static string ChromiumPath()
    {
        var path = HarnessSettings.Lookup("MATRIX_COMPLEMENT_CHROMIUM");
        if (!string.IsNullOrEmpty(path) && File.Exists(path)) return path;
        if (File.Exists(DebianHeadlessShell)) return DebianHeadlessShell;
        Assert.Fail("No Chromium: set MATRIX_COMPLEMENT_CHROMIUM or run ./complement setup (it installs Debian's chromium-headless-shell). " +
            "The report's browser test never downloads a browser.");
        return "";
    }

    [Test, CancelAfter(120_000)]
    public async Task The_report_opens_from_file_and_its_grid_leads_to_the_failure_and_its_timeline(CancellationToken ct)
    {
        using var run = new SyntheticRun();
        SiteWriter.Generate(new ReportOptions { RunDirectory = run.Directory });
        var index = new Uri(Path.Combine(run.Directory, "report", "index.html")).AbsoluteUri;
        var shots = TestArtefacts.For(TestContext.CurrentContext.Test.FullName).Directory;
        Directory.CreateDirectory(shots);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var external = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith("file:", StringComparison.Ordinal)) external.Add(request.Url); };
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(index);
        Assert.That(await page.TitleAsync(), Does.Contain("Summary"));
        var failedId = TestArtefacts.SafeName(SyntheticRun.FullName(SyntheticRun.JsNio, "Messages_decrypt"));
        var cell = page.Locator($"table.grid a.cell[href='tests/{failedId}.html']");
        Assert.That(await cell.CountAsync(), Is.EqualTo(1), "the grid has a cell for the failed test");
        Assert.That(await cell.GetAttributeAsync("class"), Does.Contain("o-fail"));
        Assert.That(await cell.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"), Is.EqualTo("rgb(255, 235, 233)"));
        var passCell = page.Locator("table.grid a.cell.o-pass").First;
        Assert.That(await passCell.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"), Is.EqualTo("rgb(218, 251, 225)"));
        Assert.That(await page.Locator("table.grid a.cell.o-flaky").CountAsync(), Is.EqualTo(1));
        var shot = Path.Combine(shots, "report-summary.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        TestContext.AddTestAttachment(shot, "the report's summary page");

        await cell.ClickAsync();
        await page.WaitForURLAsync("**/tests/*.html");
        Assert.That(await page.Locator(".box.o-fail pre.failure-message").InnerTextAsync(), Does.Contain(SyntheticRun.FailureText));
        var timelineRows = page.Locator("table.tl tr[data-src]");
        Assert.That(await timelineRows.CountAsync(), Is.GreaterThan(8));
        Assert.That(await page.Locator("table.tl tr[data-src='flow']").CountAsync(), Is.EqualTo(2));
        await page.Locator("input[data-src='hs1']").UncheckAsync();
        Assert.That(await page.Locator("table.tl tr[data-src='hs1']").First.IsVisibleAsync(), Is.False, "the source filter hides log lines");
        await page.Locator("input[data-src='hs1']").CheckAsync();
        shot = Path.Combine(shots, "report-test-page.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        TestContext.AddTestAttachment(shot, "a failed test's page");

        Assert.That(external, Is.Empty, "the report fetches nothing beyond its own files");
        Assert.That(errors, Is.Empty, "no script errors");
    }
}
