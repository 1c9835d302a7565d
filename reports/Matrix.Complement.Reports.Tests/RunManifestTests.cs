using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Reports.Tests;

public sealed class RunManifestTests
{
    private string _dir = null!;

    [SetUp]
    public void Folder()
    {
        _dir = Path.Combine(Path.GetTempPath(), "mc-report-tests", "manifest-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void CleanUp() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_manifest_round_trips_and_finishing_gathers_the_seeds()
    {
        var manifest = new RunManifest
        {
            RunId = "r1",
            StartedUtc = DateTimeOffset.UtcNow,
            Homeservers = [new RunManifest.HomeserverImage("hs1", "img:tag", "sha256:1", ["img@sha256:2"], "1.2.3", null)],
            Sdks = new Dictionary<string, string> { ["SDK_VERSION"] = "1.0.0" },
        };
        RunManifest.RecordSeed("Ns.T.A", "(1,2)", _dir);
        RunManifest.RecordSeed("Ns.T.B", "(3,4)", _dir);
        File.AppendAllText(Path.Combine(_dir, RunManifest.SeedsFileName), "{torn\n");
        manifest.Finish(_dir).Write(_dir);

        var read = RunManifest.Read(_dir);
        Assert.That(read, Is.Not.Null);
        Assert.That(read!.EndedUtc, Is.Not.Null);
        Assert.That(read.Machine?.Cores, Is.EqualTo(Environment.ProcessorCount));
        Assert.That(read.Seeds.Select(s => s.Seed), Is.EqualTo(new[] { "(1,2)", "(3,4)" }));
        Assert.That(read.Homeservers.Single().Digests, Is.EqualTo(new[] { "img@sha256:2" }));
        Assert.That(read.Sdks["SDK_VERSION"], Is.EqualTo("1.0.0"));
    }

    [Test]
    public void A_missing_or_broken_manifest_reads_as_null()
    {
        Assert.That(RunManifest.Read(_dir), Is.Null);
        File.WriteAllText(RunManifest.PathIn(_dir), "{ not json");
        Assert.That(RunManifest.Read(_dir), Is.Null);
    }

    [Test]
    public void Sdk_versions_are_every_js_setting()
    {
        Environment.SetEnvironmentVariable("MATRIX_COMPLEMENT_JS_TEST_ONLY_VERSION", "9.9.9");
        try
        {
            Assert.That(RunManifest.SdkVersions()["TEST_ONLY_VERSION"], Is.EqualTo("9.9.9"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MATRIX_COMPLEMENT_JS_TEST_ONLY_VERSION", null);
        }
    }
}
