using static Matrix.Complement.Reports.Html.HtmlText;

namespace Matrix.Complement.Reports.Html;

/// <summary><c>utd.html</c>: unable-to-decrypt events by failure code, expected vs unexpected, by client kind.</summary>
internal static class UtdPage
{
    public static string Render(RunResults run)
    {
        var sb = new StringBuilder("<h1>Unable-to-decrypt events</h1>");
        var all = run.Utds.Values.SelectMany(v => v).ToArray();
        var timelines = run.Tests.Count(t => Directory.Exists(run.ArtefactDirectory(t)) &&
            Directory.EnumerateFiles(run.ArtefactDirectory(t), "*timeline*.jsonl").Any());
        if (all.Length == 0)
        {
            sb.Append("<div class=\"box o-skip\"><h3>No UTD data</h3>").Append(timelines == 0
                ? "No test of this run left a client timeline (<code>timeline.jsonl</code>). Timelines are kept for failed tests, " +
                  "or for every test with <code>MATRIX_COMPLEMENT_ARTEFACTS=always</code>."
                : $"{timelines} tests left a client timeline; none of them shows an event that stayed undecryptable.")
              .Append("</div>");
            return Layout.Page(run, "UTDs", "utd.html", "", sb.ToString());
        }
        var kinds = all.Select(u => u.ClientKind).Distinct().Order(StringComparer.Ordinal).ToArray();
        sb.Append("<p class=\"muted small\">").Append(all.Length).Append(" UTDs in ").Append(run.Utds.Count)
          .Append(" tests (from ").Append(timelines).Append(" client timelines). Expected: the scenario declared it (or passed with it); ")
          .Append("unexpected: seen in a test that failed.</p>");
        sb.Append("<table class=\"grid\"><tr><th rowspan=\"2\">DecryptionFailureCode</th>");
        foreach (var kind in kinds) sb.Append("<th colspan=\"2\" class=\"pair\">").Append(E(kind)).Append("</th>");
        sb.Append("<th colspan=\"2\" class=\"pair\">all</th></tr><tr>");
        foreach (var _ in kinds.Append("all")) sb.Append("<th class=\"num\">expected</th><th class=\"num\">unexpected</th>");
        sb.Append("</tr>");
        foreach (var code in all.GroupBy(u => u.Code).OrderByDescending(g => g.Count(u => !u.Expected)).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            sb.Append("<tr><td class=\"mono\">").Append(E(code.Key)).Append("</td>");
            foreach (var kind in kinds) Counts(sb, code.Where(u => u.ClientKind == kind).ToArray());
            Counts(sb, [.. code]);
            sb.Append("</tr>");
        }
        sb.Append("</table><h2>Each UTD</h2><table><tr><th></th><th>code</th><th>client</th><th>event</th><th>test</th></tr>");
        // Two test cases can share an artefact id (arguments that sanitise alike); any of them names the page.
        var tests = run.Tests.GroupBy(t => t.Id).ToDictionary(g => g.Key, g => g.First());
        foreach (var u in all.OrderBy(u => u.Expected).ThenBy(u => u.Code, StringComparer.Ordinal))
        {
            var test = tests[u.TestId];
            sb.Append("<tr><td>").Append(u.Expected ? Badge(TestOutcome.ExpectedFailure).Replace("expected failure", "expected")
                    : Badge(TestOutcome.Failed).Replace("failed", "unexpected"))
              .Append("</td><td class=\"mono\">").Append(E(u.Code)).Append("</td><td>").Append(E($"{u.Actor} ({u.ClientKind})"))
              .Append("</td><td class=\"mono small\">").Append(E(u.EventId)).Append("</td><td><a href=\"").Append(TestHref(test))
              .Append("\">").Append(E(test.Scenario)).Append("</a> <span class=\"mono small\">").Append(E(test.ClientPair)).Append("</span></td></tr>");
        }
        sb.Append("</table>");
        return Layout.Page(run, "UTDs", "utd.html", "", sb.ToString());
    }

    private static void Counts(StringBuilder sb, UtdObservation[] utds)
    {
        var expected = utds.Count(u => u.Expected);
        var unexpected = utds.Length - expected;
        sb.Append("<td class=\"num\">").Append(expected == 0 ? "<span class=\"muted\">0</span>" : $"<span class=\"badge o-xfail\">{expected}</span>")
          .Append("</td><td class=\"num\">").Append(unexpected == 0 ? "<span class=\"muted\">0</span>" : $"<span class=\"badge o-fail\">{unexpected}</span>")
          .Append("</td>");
    }
}
