namespace Matrix.Complement.Reports;

/// <summary>
/// Points <c>&lt;latest-dir&gt;/latest</c> at the newest run folder (a relative symbolic link, so the report's
/// relative links to artefacts keep working through it) and writes <c>&lt;latest-dir&gt;/index.html</c>, which opens
/// that run's report. Where links cannot be made, the index page points at the run's report directly.
/// </summary>
public static class LatestLink
{
    /// <summary>Updates the link and the index page.</summary>
    public static void Update(string latestDirectory, string runDirectory, string siteDirectory, TextWriter? log = null)
    {
        Directory.CreateDirectory(latestDirectory);
        var link = Path.Combine(latestDirectory, "latest");
        var reportInRun = Path.GetRelativePath(runDirectory, siteDirectory).Replace(Path.DirectorySeparatorChar, '/');
        string target;
        try
        {
            var existing = new FileInfo(link);
            if (existing.LinkTarget is not null) existing.Delete();
            else if (Directory.Exists(link) || File.Exists(link))
                throw new IOException($"{link} exists and is not a link; leaving it alone");
            Directory.CreateSymbolicLink(link, Path.GetRelativePath(latestDirectory, Path.GetFullPath(runDirectory)));
            target = "latest/" + reportInRun + "/index.html";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            log?.WriteLine($"report: no 'latest' link ({e.Message}); {Path.Combine(latestDirectory, "index.html")} points at the run instead");
            target = new Uri(Path.GetFullPath(Path.Combine(siteDirectory, "index.html"))).AbsoluteUri;
        }
        File.WriteAllText(Path.Combine(latestDirectory, "index.html"),
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Matrix.Complement: latest run</title>" +
            $"<meta http-equiv=\"refresh\" content=\"0; url={System.Net.WebUtility.HtmlEncode(target)}\"></head>" +
            $"<body><a href=\"{System.Net.WebUtility.HtmlEncode(target)}\">latest run's report</a></body></html>\n");
    }
}
