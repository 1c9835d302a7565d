using Matrix.Complement.Harness.Configuration;

namespace Matrix.Complement.Harness.Tests.Configuration;

[NonParallelizable] // changes process environment variables
public sealed class HarnessSettingsTests
{
    [Test]
    public void Every_setting_is_documented_in_the_README()
    {
        var readme = File.ReadAllText(Path.Combine(HarnessSettings.RepositoryRoot, "README.md"));
        foreach (var setting in HarnessSettings.All)
            Assert.That(readme, Does.Contain(setting.Name), $"README.md does not document {setting.Name}");
    }

    [Test]
    public void Every_setting_is_prefixed_and_unique()
    {
        Assert.That(HarnessSettings.All.Select(s => s.Name), Is.Unique);
        Assert.That(HarnessSettings.All.Select(s => s.Name), Has.All.StartsWith("MATRIX_COMPLEMENT_"));
    }

    [Test]
    public void A_per_server_image_wins_over_the_common_one()
    {
        using var common = new EnvScope("MATRIX_COMPLEMENT_HS_IMAGE", "example/common:1");
        using var own = new EnvScope("MATRIX_COMPLEMENT_HS2_IMAGE", "example/own:2");
        Assert.That(HarnessSettings.ImageFor("hs1"), Is.EqualTo("example/common:1"));
        Assert.That(HarnessSettings.ImageFor("hs2"), Is.EqualTo("example/own:2"));
    }

    [TestCase("0")]
    [TestCase("-2")]
    [TestCase("fast")]
    public void A_bad_timeout_scale_fails_with_a_message_that_says_what_to_use(string value)
    {
        using var scale = new EnvScope("MATRIX_COMPLEMENT_TIMEOUT_SCALE", value);
        var e = Assert.Throws<InvalidOperationException>(() => _ = HarnessSettings.TimeoutScaleFactor)!;
        Assert.That(e.Message, Does.Contain("MATRIX_COMPLEMENT_TIMEOUT_SCALE").And.Contain(value).And.Contain("positive number"));
    }

    [Test]
    public void The_timeout_scale_multiplies_named_timeouts()
    {
        using var scale = new EnvScope("MATRIX_COMPLEMENT_TIMEOUT_SCALE", "2.5");
        Assert.That(Harness.Waiting.Timeouts.Seconds(4), Is.EqualTo(TimeSpan.FromSeconds(10)));
    }

    private sealed class EnvScope : IDisposable
    {
        private readonly string _name;
        private readonly string? _old;

        public EnvScope(string name, string value)
        {
            _name = name;
            _old = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(_name, _old);
    }
}
