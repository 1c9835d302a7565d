using System.Net;
using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Reports.Html;

/// <summary>Escaping for the report: every text is redacted, then HTML-encoded; links are relative and escaped.</summary>
internal static class HtmlText
{
    /// <summary>Redacted and HTML-encoded text.</summary>
    public static string E(string? text) =>
        string.IsNullOrEmpty(text) ? "" : WebUtility.HtmlEncode(Redaction.Redact(text));

    /// <summary>A relative URL from <paramref name="fromDirectory"/> to <paramref name="target"/>, each segment escaped.</summary>
    public static string Rel(string fromDirectory, string target) =>
        string.Join('/', Path.GetRelativePath(fromDirectory, target).Split(Path.DirectorySeparatorChar)
            .Select(s => s == ".." || s == "." ? s : Uri.EscapeDataString(s)));

    /// <summary>The page of a test, relative to the site root.</summary>
    public static string TestHref(TestRecord test) => "tests/" + Uri.EscapeDataString(test.Id) + ".html";

    /// <summary>An outcome badge.</summary>
    public static string Badge(TestOutcome outcome) => $"<span class=\"badge {outcome.CssClass()}\">{outcome.Label()}</span>";

    /// <summary>The first non-empty line of a message, shortened.</summary>
    public static string FirstLine(string? message, int max = 200)
    {
        var line = (message ?? "").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        const string expectation = "ExpectationFailedException : ";
        var at = line.IndexOf(expectation, StringComparison.Ordinal);
        if (at >= 0 && at < 120 && !line[..at].Contains(' ')) line = line[(at + expectation.Length)..];
        return line.Length <= max ? line : line[..max] + "…";
    }

    /// <summary>A duration as a person reads it.</summary>
    public static string Duration(double seconds) => seconds switch
    {
        < 1 => $"{seconds * 1000:0} ms",
        < 120 => $"{seconds:0.0} s",
        < 7200 => $"{Math.Floor(seconds / 60):0} min {seconds % 60:00} s",
        _ => $"{Math.Floor(seconds / 3600):0} h {Math.Floor(seconds % 3600 / 60):00} min",
    };

    /// <summary>A UTC time, ISO-like.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "—";

    /// <summary>A slug for anchors.</summary>
    public static string Slug(string text) =>
        new(text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}
