using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Harness.Tests.Diagnostics;

public sealed class BenchFigureTests
{
    [Test]
    public void Median_and_p90_follow_nearest_rank()
    {
        var figure = new BenchFigure("x", "ms", [5, 1, 4, 2, 3, 10, 9, 8, 7, 6]);
        Assert.That(figure.Median, Is.EqualTo(5.5));
        Assert.That(figure.P90, Is.EqualTo(9));
        Assert.That(new BenchFigure("y", "ms", [3, 1, 2]).Median, Is.EqualTo(2));
    }

    [Test]
    public void An_empty_figure_has_no_median()
    {
        Assert.That(double.IsNaN(new BenchFigure("z", "s", []).Median), Is.True);
    }
}
