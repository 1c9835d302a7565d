using static Matrix.Complement.Reports.Html.HtmlText;

namespace Matrix.Complement.Reports.Html;

/// <summary><c>tests.html</c>: every test with a text filter and outcome toggles.</summary>
internal static class TestListPage
{
    public static string Render(RunResults run)
    {
        var sb = new StringBuilder();
        sb.Append("<h1>All tests (").Append(run.Tests.Count).Append(")</h1><div class=\"filters\">")
          .Append("<input id=\"q\" type=\"search\" placeholder=\"filter by name, pair, MSC, message…\">");
        foreach (var o in TestOutcomes.All)
            sb.Append("<button class=\"f ").Append(o.CssClass()).Append("\" data-o=\"").Append(o).Append("\">")
              .Append(o.Label()).Append(" ").Append(run.Counts[o]).Append("</button>");
        sb.Append("</div><table><tr><th>outcome</th><th>test</th><th>pair</th><th class=\"num\">duration</th><th>links</th><th>message</th></tr>");
        foreach (var t in run.Tests.OrderBy(t => t.Outcome.Severity()).ThenBy(t => t.FullName, StringComparer.Ordinal))
        {
            var links = t.Property("Msc").Select(m => "MSC" + m).Concat(t.Property("Spec")).Concat(t.Property("Regression"));
            sb.Append("<tr data-o=\"").Append(t.Outcome).Append("\"><td>").Append(Badge(t.Outcome)).Append("</td><td><a href=\"")
              .Append(TestHref(t)).Append("\">").Append(E(t.Scenario)).Append("</a><div class=\"small muted\">").Append(E(t.Namespace))
              .Append("</div></td><td class=\"mono\">").Append(E(t.ClientPair ?? "—")).Append("</td><td class=\"num\">")
              .Append(Duration(t.DurationSeconds)).Append(t.Attempts.Count > 1 ? $" ×{t.Attempts.Count}" : "")
              .Append("</td><td class=\"small\">").Append(E(string.Join(" ", links))).Append("</td><td class=\"msg\">")
              .Append(E(FirstLine(t.Representative.Message, 160))).Append("</td></tr>");
        }
        sb.Append("</table>");
        return Layout.Page(run, "All tests", "tests.html", "", sb.ToString());
    }
}
