using Matrix.Complement.Reports.Reading;
using static Matrix.Complement.Reports.Html.HtmlText;

namespace Matrix.Complement.Reports.Html;

/// <summary>
/// <c>tests/&lt;id&gt;.html</c>: a test's outcome (failure and error shown differently), traceability, attempts,
/// artefacts (Playwright traces first), the merged timeline (client calls, pushed events, proxy flows, homeserver
/// log lines), client console logs and captured output.
/// </summary>
internal static class TestPage
{
    public static string Render(RunResults run, TestRecord test, string pageDirectory)
    {
        var sb = new StringBuilder();
        var r = test.Representative;
        sb.Append("<div class=\"small muted\">").Append(E(test.Namespace)).Append("</div><h1>").Append(Badge(test.Outcome)).Append(' ')
          .Append(E(test.Scenario)).Append(test.ClientPair is null ? "" : $" <span class=\"mono\">[{E(test.ClientPair)}]</span>").Append("</h1>");
        sb.Append("<table class=\"kv\">");
        Row(sb, "full name", $"<span class=\"mono\">{E(test.FullName)}</span>");
        Row(sb, "duration", $"{Duration(test.DurationSeconds)} · started {Time(test.Attempts[0].Start)}");
        if (test.Attempts.Count > 1)
            Row(sb, "attempts", string.Join(" → ", test.Attempts.Select(a => Badge(a.Outcome))) +
                (test.Outcome == TestOutcome.Flaky ? " <b>flaky: outcomes differ between attempts</b>" : ""));
        foreach (var spec in test.Property("Spec")) Row(sb, "spec", $"<span class=\"mono\">{E(spec)}</span>");
        foreach (var msc in Pillars.Mscs(test)) Row(sb, "MSC", $"MSC{msc}");
        foreach (var link in test.Property("IssueLink"))
            Row(sb, "issue", Uri.TryCreate(link, UriKind.Absolute, out var u) && u.Scheme is "https" or "http"
                ? $"<a href=\"{E(link)}\">{E(link)}</a>" : E(link));
        foreach (var reg in test.Property("Regression")) Row(sb, "regression", E(reg));
        foreach (var d in test.Property(OutcomeClassifier.DivergenceProperty).Where(d => d.Length > 0)) Row(sb, "known divergence", E(d));
        if (test.Categories.Count > 0) Row(sb, "categories", E(string.Join(", ", test.Categories)));
        Row(sb, "result file", $"<a href=\"{Rel(pageDirectory, r.SourceFile)}\">{E(Path.GetFileName(r.SourceFile))}</a>" +
            $" <span class=\"muted small\">{E(r.Result)}{(r.Label is null ? "" : " / " + E(r.Label))}{(r.Site is null or "Test" ? "" : " in " + E(r.Site))}</span>");
        sb.Append("</table>");

        Verdict(sb, test, r);

        var directory = run.ArtefactDirectory(test);
        RenderArtefacts(sb, test, directory, pageDirectory);

        if (run.Utds.TryGetValue(test.Id, out var utds))
        {
            sb.Append("<h2>UTDs</h2><table><tr><th></th><th>code</th><th>client</th><th>event</th></tr>");
            foreach (var u in utds)
                sb.Append("<tr><td>").Append(u.Expected ? "expected" : "<b>unexpected</b>").Append("</td><td class=\"mono\">")
                  .Append(E(u.Code)).Append("</td><td>").Append(E($"{u.Actor} ({u.ClientKind})")).Append("</td><td class=\"mono\">")
                  .Append(E(u.EventId)).Append("</td></tr>");
            sb.Append("</table>");
        }

        TimelineSection.Render(sb, directory, test.Attempts[0].Start);
        RenderConsoleLogs(sb, directory);
        foreach (var (a, i) in test.Attempts.Select((a, i) => (a, i)).Where(x => !string.IsNullOrWhiteSpace(x.a.Output)))
            sb.Append("<details><summary>Output").Append(test.Attempts.Count > 1 ? $" of attempt {i + 1}" : "")
              .Append("</summary><pre>").Append(E(a.Output)).Append("</pre></details>");
        return Layout.Page(run, test.Scenario, "", "../", sb.ToString());
    }

    private static void Verdict(StringBuilder sb, TestRecord test, TestAttempt r)
    {
        var (css, title) = r.Outcome switch
        {
            TestOutcome.Failed => ("o-fail", "Failure — an expectation was not met"),
            TestOutcome.Error => ("o-error", "Error — the harness or the environment broke"),
            TestOutcome.ExpectedFailure => ("o-xfail", "Expected failure — a declared divergence"),
            TestOutcome.UnexpectedPass => ("o-xpass", "Unexpected pass — a declared divergence no longer diverges; remove it from the ledger"),
            TestOutcome.Skipped => ("o-skip", "Skipped"),
            _ => (null, null),
        };
        if (test.Outcome == TestOutcome.Flaky && css is null) (css, title) = ("o-flaky", "Flaky — outcomes differ between attempts");
        if (css is null) return;
        sb.Append("<div class=\"box ").Append(css).Append("\"><h3>").Append(E(title)).Append("</h3>");
        if (r.Message is { } message) sb.Append("<pre class=\"failure-message\">").Append(E(message)).Append("</pre>");
        if (r.StackTrace is { } stack)
            sb.Append("<details").Append(r.Outcome == TestOutcome.Error ? " open" : "").Append("><summary>stack trace</summary><pre>")
              .Append(E(stack)).Append("</pre></details>");
        sb.Append("</div>");
    }

    private static void RenderArtefacts(StringBuilder sb, TestRecord test, string directory, string pageDirectory)
    {
        var files = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToList() : [];
        foreach (var attachment in test.Attempts.SelectMany(a => a.Attachments))
            if (File.Exists(attachment) && !files.Contains(attachment, StringComparer.Ordinal)) files.Add(attachment);
        sb.Append("<h2>Artefacts</h2>");
        if (files.Count == 0)
        {
            sb.Append("<p class=\"muted\">No artefacts were kept for this test (they are kept on failure, or always with ")
              .Append("<code>MATRIX_COMPLEMENT_ARTEFACTS=always</code>).</p>");
            return;
        }
        sb.Append("<div class=\"card small\">");
        foreach (var file in files.OrderBy(f => f.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? 0 : 1).ThenBy(f => f, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var trace = name.EndsWith(".trace.zip", StringComparison.OrdinalIgnoreCase);
            sb.Append("<div>").Append(trace ? "<span class=\"badge o-xpass\">Playwright trace</span> " : "")
              .Append("<a href=\"").Append(Rel(pageDirectory, file)).Append("\">").Append(E(name)).Append("</a> <span class=\"muted\">")
              .Append(Size(new FileInfo(file).Length)).Append("</span>")
              .Append(trace ? " <span class=\"muted\">open with <code>playwright show-trace " + E(name) + "</code></span>" : "")
              .Append("</div>");
        }
        sb.Append("</div>");
    }

    private static void RenderConsoleLogs(StringBuilder sb, string directory)
    {
        if (!Directory.Exists(directory)) return;
        var logs = Directory.EnumerateFiles(directory).Where(f => ArtefactReader.IsConsoleLog(Path.GetFileName(f))).Order().ToArray();
        if (logs.Length == 0) return;
        sb.Append("<h2>Client console logs</h2>");
        foreach (var log in logs)
        {
            var lines = File.ReadLines(log).Take(5000).ToArray();
            var errors = lines.Count(l => l.Contains("error", StringComparison.OrdinalIgnoreCase));
            sb.Append("<details").Append(errors > 0 ? " open" : "").Append("><summary class=\"mono\">").Append(E(Path.GetFileName(log)))
              .Append(" <span class=\"muted\">").Append(lines.Length).Append(" lines").Append(errors > 0 ? $", {errors} mention errors" : "")
              .Append("</span></summary><pre>");
            foreach (var line in lines)
                sb.Append(line.Contains("error", StringComparison.OrdinalIgnoreCase) ? "<b style=\"color:var(--fail)\">" + E(line) + "</b>" : E(line))
                  .Append('\n');
            sb.Append("</pre></details>");
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MiB",
    };

    private static void Row(StringBuilder sb, string key, string html) =>
        sb.Append("<tr><th>").Append(E(key)).Append("</th><td>").Append(html).Append("</td></tr>");
}
