namespace Matrix.Complement.Harness.Diagnostics;

/// <summary>
/// One performance figure of <c>./complement bench</c>: a stable name (DESIGN.md lists them), a unit and the raw
/// samples; the table and <c>reports/bench/latest.json</c> show median, p90 and n.
/// </summary>
public sealed record BenchFigure(string Name, string Unit, IReadOnlyList<double> Samples)
{
    /// <summary>The median of the samples (NaN when there are none).</summary>
    public double Median => Percentile(0.5);

    /// <summary>The 90th percentile of the samples, nearest-rank (NaN when there are none).</summary>
    public double P90 => Percentile(0.9);

    /// <summary>Nearest-rank percentile; the median of an even count is the mean of the two middle samples.</summary>
    public double Percentile(double p)
    {
        if (Samples.Count == 0) return double.NaN;
        var sorted = Samples.Order().ToArray();
        if (p == 0.5 && sorted.Length % 2 == 0)
            return (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
