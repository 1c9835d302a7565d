using static Matrix.Complement.Reports.Html.HtmlText;

namespace Matrix.Complement.Reports.Html;

/// <summary>
/// The scenario × client-pair grid: one row per scenario (fixture and method), one column per client pair, each
/// cell coloured by outcome and linking to the test's page. Tests without a pair are shown as compact chips per
/// fixture.
/// </summary>
internal static class GridSection
{
    public static void Render(RunResults run, StringBuilder sb)
    {
        Legend(sb);
        var paired = run.Tests.Where(t => t.ClientPair is not null).ToArray();
        if (paired.Length > 0)
        {
            var pairs = paired.Select(t => t.ClientPair!).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToArray();
            sb.Append("<table class=\"grid\"><tr><th>scenario</th>");
            foreach (var pair in pairs) sb.Append("<th class=\"pair\">").Append(E(pair)).Append("</th>");
            sb.Append("</tr>");
            foreach (var fixture in paired.GroupBy(t => (t.Namespace, t.Fixture)))
            {
                sb.Append("<tr class=\"fx\"><td colspan=\"").Append(pairs.Length + 1).Append("\">").Append(E(fixture.Key.Fixture))
                  .Append(" <span class=\"muted\">").Append(E(fixture.Key.Namespace)).Append("</span></td></tr>");
                foreach (var row in fixture.GroupBy(t => t.Last.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    sb.Append("<tr><td class=\"sc\">").Append(E(row.Key)).Append("</td>");
                    foreach (var pair in pairs)
                    {
                        sb.Append("<td class=\"cellw\">");
                        foreach (var t in row.Where(t => t.ClientPair == pair)) Cell(sb, t);
                        sb.Append("</td>");
                    }
                    sb.Append("</tr>");
                }
            }
            sb.Append("</table>");
        }
        var unpaired = run.Tests.Where(t => t.ClientPair is null).ToArray();
        if (unpaired.Length == 0) return;
        sb.Append("<h3>Tests without a client pair</h3><table class=\"grid\"><tr><th>fixture</th><th class=\"num\">tests</th><th>results (each links to its test)</th></tr>");
        foreach (var fixture in unpaired.GroupBy(t => (t.Namespace, t.Fixture)))
        {
            sb.Append("<tr><td class=\"sc\">").Append(E(fixture.Key.Fixture)).Append(" <span class=\"muted\">")
              .Append(E(fixture.Key.Namespace)).Append("</span></td><td class=\"num\">").Append(fixture.Count())
              .Append("</td><td><div class=\"chips\">");
            foreach (var t in fixture)
                sb.Append("<a class=\"chip ").Append(t.Outcome.CssClass()).Append("\" href=\"").Append(TestHref(t))
                  .Append("\" title=\"").Append(E($"{t.Last.Name}: {t.Outcome.Label()}")).Append("\"></a>");
            sb.Append("</div></td></tr>");
        }
        sb.Append("</table>");
    }

    /// <summary>One coloured cell linking to the test.</summary>
    public static void Cell(StringBuilder sb, TestRecord t) =>
        sb.Append("<a class=\"cell ").Append(t.Outcome.CssClass()).Append("\" href=\"").Append(TestHref(t)).Append("\" title=\"")
          .Append(E($"{t.FullName}\n{t.Outcome.Label()} · {Duration(t.DurationSeconds)}" +
                    (t.Representative.Message is { } m ? "\n" + FirstLine(m) : "")))
          .Append("\">").Append(Short(t.Outcome)).Append("</a>");

    /// <summary>The legend of outcome colours.</summary>
    public static void Legend(StringBuilder sb)
    {
        sb.Append("<div class=\"legend\">");
        foreach (var o in TestOutcomes.All) sb.Append(Badge(o));
        sb.Append("</div>");
    }

    private static string Short(TestOutcome outcome) => outcome switch
    {
        TestOutcome.Passed => "✓ pass",
        TestOutcome.Failed => "✗ FAIL",
        TestOutcome.Error => "⚠ ERROR",
        TestOutcome.Skipped => "– skip",
        TestOutcome.ExpectedFailure => "✗ xfail",
        TestOutcome.UnexpectedPass => "! XPASS",
        TestOutcome.Flaky => "≈ FLAKY",
        _ => "?",
    };
}
