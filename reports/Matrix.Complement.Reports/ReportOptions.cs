namespace Matrix.Complement.Reports;

/// <summary>What to read and where to write a run's report.</summary>
public sealed record ReportOptions
{
    /// <summary>The run folder, <c>artifacts/&lt;run-id&gt;/</c>.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>Where result files are read (default: <c>results/</c> of the run).</summary>
    public string? ResultsDirectory { get; init; }

    /// <summary>Where the site is written (default: <c>report/</c> of the run).</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>A folder that gets a <c>latest</c> link to the run and an <c>index.html</c> that opens its report; null for none.</summary>
    public string? LatestDirectory { get; init; }

    /// <summary>Render the coverage page with ReportGenerator when coverage files exist.</summary>
    public bool Coverage { get; init; }

    /// <summary>The site folder actually used.</summary>
    public string SiteDirectory => OutputDirectory ?? Path.Combine(RunDirectory, "report");
}
