using Matrix.Complement.Reports.Reading;
using static Matrix.Complement.Reports.Html.HtmlText;

namespace Matrix.Complement.Reports.Html;

/// <summary>
/// <c>pillars.html</c>: the per-MSC / pillar grid (UTD, TOFU, MSC4153, sliding sync, call E2EE, auth, then every MSC
/// the tests name) × client pair, each cell "passed / total" coloured by its worst outcome, the call E2EE rules A1-A9
/// with their outcomes (<see cref="CallRulesSection"/>), and the tests of each row.
/// </summary>
internal static class PillarPage
{
    public static string Render(RunResults run)
    {
        var rows = new List<(string Name, string Description, TestRecord[] Tests)>();
        var pillarsOf = run.Tests.ToDictionary(t => t, t => Pillars.Of(t, run.Utds.ContainsKey(t.Id)));
        foreach (var pillar in Pillars.All)
            rows.Add((pillar.Name, pillar.Description, run.Tests.Where(t => pillarsOf[t].Contains(pillar.Name)).ToArray()));
        foreach (var msc in run.Tests.SelectMany(Pillars.Mscs).Distinct().Order())
            rows.Add(($"MSC{msc}", "tests with [Msc(" + msc + ")]", run.Tests.Where(t => Pillars.Mscs(t).Contains(msc)).ToArray()));
        var pairs = run.Tests.Select(t => t.ClientPair ?? "—").Distinct().OrderBy(p => p, StringComparer.Ordinal).ToArray();

        var sb = new StringBuilder();
        sb.Append("<h1>MSCs & pillars</h1><p class=\"muted small\">A test counts for a pillar through its <code>[Msc]</code> ")
          .Append("properties, its categories or its scenario project and folder. Cells: passed / total, coloured by the worst outcome.</p>");
        GridSection.Legend(sb);
        sb.Append("<table class=\"grid\"><tr><th>pillar / MSC</th><th class=\"pair\">all</th>");
        foreach (var pair in pairs) sb.Append("<th class=\"pair\">").Append(E(pair)).Append("</th>");
        sb.Append("</tr>");
        foreach (var (name, description, tests) in rows)
        {
            sb.Append("<tr><td><b>").Append(E(name)).Append("</b> <span class=\"small muted\">").Append(E(description)).Append("</span></td>");
            Cell(sb, name, tests);
            foreach (var pair in pairs) Cell(sb, name, tests.Where(t => (t.ClientPair ?? "—") == pair).ToArray());
            sb.Append("</tr>");
        }
        sb.Append("</table>");
        CallRulesSection.Render(run, t => pillarsOf[t], sb);
        foreach (var (name, _, tests) in rows.Where(r => r.Tests.Length > 0))
        {
            sb.Append("<h2 id=\"").Append(Slug(name)).Append("\">").Append(E(name)).Append(" <span class=\"muted small\">")
              .Append(tests.Length).Append(" tests</span></h2><table>");
            foreach (var t in tests.OrderBy(t => t.Outcome.Severity()).ThenBy(t => t.FullName, StringComparer.Ordinal))
                sb.Append("<tr><td>").Append(Badge(t.Outcome)).Append("</td><td><a href=\"").Append(TestHref(t)).Append("\">")
                  .Append(E(t.Scenario)).Append("</a></td><td class=\"mono\">").Append(E(t.ClientPair ?? "—")).Append("</td></tr>");
            sb.Append("</table>");
        }
        return Layout.Page(run, "MSCs & pillars", "pillars.html", "", sb.ToString());
    }

    private static void Cell(StringBuilder sb, string row, TestRecord[] tests)
    {
        sb.Append("<td class=\"cellw\">");
        if (tests.Length > 0)
        {
            var worst = tests.Select(t => t.Outcome).MinBy(o => o.Severity());
            sb.Append("<a class=\"cell ").Append(worst.CssClass()).Append("\" href=\"#").Append(Slug(row)).Append("\" title=\"")
              .Append(E(string.Join(", ", tests.GroupBy(t => t.Outcome).Select(g => $"{g.Count()} {g.Key.Label()}"))))
              .Append("\">").Append(tests.Count(t => t.Outcome == TestOutcome.Passed)).Append(" / ").Append(tests.Length).Append("</a>");
        }
        else sb.Append("<span class=\"muted small\">—</span>");
        sb.Append("</td>");
    }
}
