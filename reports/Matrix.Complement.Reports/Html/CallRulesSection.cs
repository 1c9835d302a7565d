using Matrix.Complement.Reports.Reading;
using static Matrix.Complement.Reports.Html.HtmlText;

namespace Matrix.Complement.Reports.Html;

/// <summary>
/// The call E2EE section of <c>pillars.html</c>: one row per MatrixRTC key rule (A1-A9) with its outcome — pass,
/// expected failure with the ledger's reason, skipped with the reason, failed, or not run — and links to its tests.
/// </summary>
internal static class CallRulesSection
{
    public static void Render(RunResults run, Func<TestRecord, IReadOnlyList<string>> pillarsOf, StringBuilder sb)
    {
        var standings = CallRules.Of(run.Tests, pillarsOf);
        sb.Append("<h2 id=\"call-e2ee-rules\">Call E2EE rules</h2><p class=\"muted small\">The MatrixRTC key-distribution ")
          .Append("rules; a test checks a rule when its name starts with the rule's id. Expected failures are known ")
          .Append("divergences of the SDK from the MSC (the ledger says why).</p><table><tr><th>rule</th><th>outcome</th>")
          .Append("<th>tests</th><th>why</th></tr>");
        foreach (var s in standings)
        {
            sb.Append("<tr><td><b>").Append(E(s.Rule.Id)).Append("</b> ").Append(E(s.Rule.Name))
              .Append("<div class=\"small muted\">").Append(E(s.Rule.Assertion)).Append("</div></td><td>")
              .Append(s.Outcome is { } outcome ? Badge(outcome) : "<span class=\"badge o-skip\">not run</span>").Append("</td><td>");
            foreach (var t in s.Tests)
                sb.Append("<div><a href=\"").Append(TestHref(t)).Append("\">").Append(E(t.ClientPair ?? t.Fixture)).Append("</a> ")
                  .Append(Badge(t.Outcome)).Append("</div>");
            sb.Append("</td><td class=\"small\">").Append(E(FirstLine(s.Why, 400))).Append("</td></tr>");
        }
        sb.Append("</table>");
    }
}
