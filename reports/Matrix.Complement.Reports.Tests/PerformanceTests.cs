using System.Diagnostics;

namespace Matrix.Complement.Reports.Tests;

public sealed class PerformanceTests
{
    [Test, CancelAfter(60_000)]
    public void A_report_of_500_tests_with_artefacts_takes_under_ten_seconds()
    {
        var run = Path.Combine(Path.GetTempPath(), "mc-report-tests", "perf-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(Path.Combine(run, "results"));
            var cases = new StringBuilder();
            for (var i = 0; i < 500; i++)
            {
                var pair = (i % 4) switch { 0 => "js@hs1|js@hs2", 1 => "js@hs1|nio@hs2", 2 => "nio@hs1|js@hs2", _ => "js:js" };
                var fullName = $"Ns.Fixture{i / 40}({pair}).Scenario_{i % 40:00}";
                var failed = i % 7 == 0;
                cases.Append($"<test-case name=\"Scenario_{i % 40:00}\" fullname=\"{fullName}\" classname=\"Ns.Fixture{i / 40}\" " +
                    $"result=\"{(failed ? "Failed" : "Passed")}\" start-time=\"2026-01-01 10:00:00Z\" duration=\"1.5\">" +
                    (failed ? "<failure><message><![CDATA[Expected: 1]]></message></failure>" : "") + "</test-case>");
                if (!failed) continue;
                var dir = Path.Combine(run, "tests", Matrix.Complement.Harness.Diagnostics.TestArtefacts.SafeName(fullName));
                Directory.CreateDirectory(dir);
                File.WriteAllLines(Path.Combine(dir, "timeline.jsonl"), Enumerable.Range(0, 200).Select(n =>
                    $"{{\"ts\":\"2026-01-01T10:00:{n % 60:00}.000Z\",\"actor\":\"alice\",\"kind\":\"js\",\"call\":\"SendText\",\"args\":{{\"body\":\"m{n}\"}},\"result\":{{\"eventId\":\"$e{n}\"}}}}"));
                File.WriteAllLines(Path.Combine(dir, "hs1.log"), Enumerable.Range(0, 1000).Select(n =>
                    $"2026-01-01T10:00:{n % 60:00}.{n:000000000}Z 2026-01-01 10:00:00,000 - synapse.access - 1 - INFO - GET /sync {n}"));
            }
            File.WriteAllText(Path.Combine(run, "results", "big.xml"),
                $"<test-run><test-suite type=\"Assembly\" name=\"Big.dll\">{cases}</test-suite></test-run>");
            // The machines running this are shared: CPU time is the work the generator does, wall time what we waited.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var results = SiteWriter.Generate(new ReportOptions { RunDirectory = run });
            clock.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            TestContext.Out.WriteLine($"500 tests (72 with 1,200-line artefacts): {clock.Elapsed.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.00} s CPU");
            Assert.That(results.Tests, Has.Count.EqualTo(500));
            Assert.That(cpu, Is.LessThan(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            if (Directory.Exists(run)) Directory.Delete(run, recursive: true);
        }
    }
}
