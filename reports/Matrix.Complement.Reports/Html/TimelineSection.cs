using Matrix.Complement.Reports.Reading;
using static Matrix.Complement.Reports.Html.HtmlText;

namespace Matrix.Complement.Reports.Html;

/// <summary>A test's merged timeline, with a filter per source and times relative to the test's start.</summary>
internal static class TimelineSection
{
    public static void Render(StringBuilder sb, string directory, DateTimeOffset? testStart)
    {
        var entries = ArtefactReader.ReadTimeline(directory, testStart, out var truncated);
        sb.Append("<h2>Timeline</h2>");
        if (entries.Count == 0)
        {
            sb.Append("<p class=\"muted\">No timeline: the test left no client calls, proxy flows or homeserver logs.</p>");
            return;
        }
        var zero = testStart ?? entries.FirstOrDefault(e => e.Time != DateTimeOffset.MinValue)?.Time ?? DateTimeOffset.MinValue;
        sb.Append("<div class=\"filters small\">show:");
        foreach (var source in entries.GroupBy(e => e.Source).OrderBy(g => Order(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal))
            sb.Append("<label><input type=\"checkbox\" checked data-src=\"").Append(E(source.Key)).Append("\"> <span class=\"src s-")
              .Append(source.First().SourceKind).Append("\">").Append(E(source.Key)).Append("</span> ").Append(source.Count()).Append("</label>");
        sb.Append("</div>");
        foreach (var t in truncated) sb.Append("<p class=\"muted small\">truncated: ").Append(E(t)).Append("</p>");
        sb.Append("<table class=\"tl\"><tr><th>time (UTC)</th><th>+s</th><th>source</th><th>who</th><th>what</th></tr>");
        foreach (var e in entries)
        {
            var known = e.Time != DateTimeOffset.MinValue;
            sb.Append("<tr data-src=\"").Append(E(e.Source)).Append("\" class=\"lv-").Append(e.Level).Append("\"><td class=\"t\">")
              .Append(known ? e.Time.UtcDateTime.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) : "—")
              .Append("</td><td class=\"t\">").Append(known && zero != DateTimeOffset.MinValue
                  ? (e.Time - zero).TotalSeconds.ToString("+0.000;-0.000", CultureInfo.InvariantCulture) : "")
              .Append("</td><td><span class=\"src s-").Append(e.SourceKind).Append("\">").Append(E(e.Source)).Append("</span></td><td class=\"w\" title=\"")
              .Append(E(e.Who)).Append("\">").Append(E(e.Who)).Append("</td><td class=\"mono\">");
            if (e.Detail is null) sb.Append(E(e.What));
            else sb.Append("<details><summary>").Append(E(e.What)).Append("</summary><pre>").Append(E(e.Detail)).Append("</pre></details>");
            sb.Append("</td></tr>");
        }
        sb.Append("</table>");
    }

    private static int Order(string source) => source switch { "call" => 0, "push" => 1, "flow" => 2, _ => 3 };
}
