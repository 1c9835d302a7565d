using static Matrix.Complement.Reports.Html.HtmlText;

namespace Matrix.Complement.Reports.Html;

/// <summary>
/// For runs that repeat tests (<c>./complement run --repeat N</c>): each repeated test's attempts, failures and
/// flake rate (attempts that did not pass ÷ attempts), worst first.
/// </summary>
internal static class RepeatSection
{
    public static void Render(RunResults run, StringBuilder sb)
    {
        var repeated = run.Tests.Where(t => t.Attempts.Count > 1)
            .Select(t => (Test: t, Bad: t.Attempts.Count(a => a.Outcome is not (TestOutcome.Passed or TestOutcome.Skipped or TestOutcome.ExpectedFailure))))
            .OrderByDescending(x => (double)x.Bad / x.Test.Attempts.Count).ThenBy(x => x.Test.FullName, StringComparer.Ordinal)
            .ToArray();
        if (repeated.Length == 0) return;
        sb.Append("<h2>Repeats and flake rate</h2><table class=\"attn\"><tr><th>test</th><th>pair</th><th>attempts</th>")
          .Append("<th>not passed</th><th>flake rate</th></tr>");
        foreach (var (test, bad) in repeated)
        {
            var rate = (double)bad / test.Attempts.Count;
            sb.Append("<tr><td><a href=\"").Append(TestHref(test)).Append("\">").Append(E(test.Scenario)).Append("</a></td><td class=\"mono\">")
              .Append(E(test.ClientPair ?? "—")).Append("</td><td>").Append(test.Attempts.Count).Append("</td><td>").Append(bad)
              .Append("</td><td>").Append(Badge(bad == 0 ? TestOutcome.Passed : bad == test.Attempts.Count ? TestOutcome.Failed : TestOutcome.Flaky))
              .Append(' ').Append((rate * 100).ToString("0", CultureInfo.InvariantCulture)).Append('%').Append("</td></tr>");
        }
        sb.Append("</table>");
    }
}
