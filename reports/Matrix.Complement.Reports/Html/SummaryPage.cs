using static Matrix.Complement.Reports.Html.HtmlText;

namespace Matrix.Complement.Reports.Html;

/// <summary><c>index.html</c>: counts, the run manifest, links to machine-readable results, what needs attention, the grid.</summary>
internal static class SummaryPage
{
    public static string Render(RunResults run, string siteDirectory)
    {
        var sb = new StringBuilder();
        var counts = run.Counts;
        sb.Append("<h1>Run ").Append(E(run.RunId)).Append("</h1>");
        if (run.Tests.Count == 0)
            sb.Append("<div class=\"box o-error\"><h3>No test results found</h3>No NUnit XML or TRX file was found under ")
              .Append("<code>results/</code> of this run. Run the tests with the NUnit XML output (see the README of the report).</div>");

        sb.Append("<div class=\"tiles\"><div class=\"tile\"><b>").Append(run.Tests.Count).Append("</b><span>tests</span></div>");
        foreach (var outcome in TestOutcomes.All)
            sb.Append("<div class=\"tile ").Append(outcome.CssClass()).Append(counts[outcome] == 0 ? " zero" : "").Append("\"><b>")
              .Append(counts[outcome]).Append("</b><span>").Append(outcome.Label()).Append("</span></div>");
        sb.Append("<div class=\"tile\"><b>").Append(run.WallTime is { } w ? Duration(w.TotalSeconds) : "—")
          .Append("</b><span>wall time</span></div></div>");

        RenderAttention(run, sb);

        sb.Append("<h2>Scenarios × client pairs</h2>");
        GridSection.Render(run, sb);
        RepeatSection.Render(run, sb);

        sb.Append("<h2>Run</h2><div class=\"card\"><table class=\"kv\">");
        Row(sb, "started", Time(run.Start));
        Row(sb, "ended", Time(run.End));
        var m = run.Manifest;
        if (m?.Machine is { } machine)
            Row(sb, "machine", $"{machine.Cores} cores, {machine.MemoryMiB / 1024.0:0.#} GiB, {machine.Os}, {machine.Runtime}" +
                (machine.LoadAverage.Count > 0 ? $", load {string.Join(" ", machine.LoadAverage.Select(l => l.ToString("0.00", CultureInfo.InvariantCulture)))}" : ""));
        foreach (var hs in m?.Homeservers ?? [])
            RowHtml(sb, hs.Server, $"<span class=\"mono\">{E(hs.Image)}</span>" +
                (hs.SynapseVersion is null ? "" : $" · Synapse <b>{E(hs.SynapseVersion)}</b>") +
                (hs.Id is null ? "" : $"<br><span class=\"mono small muted\">id {E(hs.Id)}</span>") +
                string.Concat(hs.Digests.Select(d => $"<br><span class=\"mono small muted\">{E(d)}</span>")) +
                (hs.Problem is null ? "" : $"<br><span class=\"small muted\">{E(hs.Problem)}</span>"));
        foreach (var (name, version) in m?.Sdks ?? new Dictionary<string, string>())
            RowHtml(sb, name.Replace('_', ' ').ToLowerInvariant(), $"<span class=\"mono\">{E(version)}</span>");
        if (m?.Browser is { } browser && (browser.Version ?? browser.Path) is not null)
            RowHtml(sb, "browser", $"{E(browser.Version)} <span class=\"mono small muted\">{E(browser.Path)}</span>" +
                (string.IsNullOrEmpty(browser.Flags) ? "" : $"<br><span class=\"mono small muted\">{E(browser.Flags)}</span>"));
        foreach (var (name, value) in m?.Settings ?? new Dictionary<string, string>())
            RowHtml(sb, name, $"<span class=\"mono\">{E(value)}</span>");
        if (m is { Seeds.Count: > 0 })
            RowHtml(sb, "FsCheck seeds", string.Join("<br>", m.Seeds.Select(s => $"<span class=\"mono\">{E(s.Seed)}</span> {E(s.Test)}")));
        if (m is null) Row(sb, "manifest", "no run-manifest.json in this run (image digests and SDK versions unknown)");
        sb.Append("</table></div>");

        sb.Append("<h2>Machine-readable results</h2><div class=\"card small\">");
        var links = run.ResultFiles.Select(f => (Kind(f), f)).ToList();
        var manifestPath = Path.Combine(run.RunDirectory, Matrix.Complement.Harness.Diagnostics.RunManifest.FileName);
        if (File.Exists(manifestPath)) links.Add(("manifest", manifestPath));
        var coverage = Path.Combine(siteDirectory, "coverage", "index.html");
        if (File.Exists(coverage)) links.Add(("coverage", coverage));
        if (links.Count == 0) sb.Append("none found");
        foreach (var (kind, file) in links)
            sb.Append("<span class=\"badge o-skip\">").Append(kind).Append("</span> <a href=\"").Append(Rel(siteDirectory, file))
              .Append("\">").Append(E(Path.GetFileName(file))).Append("</a> &nbsp; ");
        foreach (var problem in run.Problems) sb.Append("<div class=\"muted\">unreadable: ").Append(E(problem)).Append("</div>");
        sb.Append("</div>");
        return Layout.Page(run, "Summary", "index.html", "", sb.ToString());
    }

    private static void RenderAttention(RunResults run, StringBuilder sb)
    {
        var attention = run.Tests.Where(t => t.Outcome is not (TestOutcome.Passed or TestOutcome.Skipped))
            .OrderBy(t => t.Outcome.Severity()).ThenBy(t => t.FullName, StringComparer.Ordinal).ToArray();
        if (attention.Length == 0) return;
        sb.Append("<h2>Needs attention</h2><table class=\"attn\"><tr><th>outcome</th><th>test</th><th>pair</th><th>why</th></tr>");
        foreach (var t in attention.Take(200))
        {
            var why = t.Outcome switch
            {
                TestOutcome.Flaky => "attempts: " + string.Join(", ", t.Attempts.Select(a => a.Outcome.Label())),
                TestOutcome.ExpectedFailure => string.Join("; ", t.Property("Divergence").Where(v => v.Length > 0)) is { Length: > 0 } d
                    ? d : FirstLine(t.Representative.Message),
                TestOutcome.UnexpectedPass => "declared divergence no longer diverges: shrink the ledger",
                _ => FirstLine(t.Representative.Message),
            };
            sb.Append("<tr><td>").Append(Badge(t.Outcome)).Append("</td><td><a href=\"").Append(TestHref(t)).Append("\">")
              .Append(E(t.Scenario)).Append("</a></td><td class=\"mono\">").Append(E(t.ClientPair ?? "—"))
              .Append("</td><td class=\"msg\">").Append(E(why)).Append("</td></tr>");
        }
        sb.Append("</table>");
        if (attention.Length > 200) sb.Append("<p class=\"muted\">… and ").Append(attention.Length - 200).Append(" more in All tests.</p>");
    }

    private static string Kind(string file) =>
        file.EndsWith(".trx", StringComparison.OrdinalIgnoreCase) ? "TRX"
        : file.Contains("junit", StringComparison.OrdinalIgnoreCase) ? "JUnit" : "NUnit XML";

    private static void Row(StringBuilder sb, string key, string value) => RowHtml(sb, key, E(value));

    private static void RowHtml(StringBuilder sb, string key, string html) =>
        sb.Append("<tr><th>").Append(E(key)).Append("</th><td>").Append(html).Append("</td></tr>");
}
