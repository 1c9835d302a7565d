using Matrix.Complement.Harness.Clients.Js;

namespace Matrix.Complement.Scenarios.Crypto.Support;

/// <summary>
/// Runs the js client's bench figures on the shared deployment and prints them (median, p90, n). Explicit: only
/// when asked for (`--filter Category=Bench`); <c>./complement bench</c> calls <see cref="JsBench"/> itself.
/// </summary>
[Explicit("performance figures, not a conformance check"), Category("Bench"), NonParallelizable]
public sealed class JsBenchRun : ScenarioTest
{
    [Test, CancelAfter(900_000)]
    public async Task Js_figures(CancellationToken ct)
    {
        var figures = await JsBench.RunAsync(await DeploymentAsync(ct), ct);
        foreach (var f in figures)
            TestContext.Out.WriteLine($"{f.Name,-34} median {f.Median,9:F1} {f.Unit,-4} p90 {f.P90,9:F1}  n={f.Samples.Count}");
        Assert.That(figures.SelectMany(f => f.Samples), Has.All.GreaterThan(0));
    }
}
