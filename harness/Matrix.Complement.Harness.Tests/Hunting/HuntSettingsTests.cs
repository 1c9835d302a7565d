using Matrix.Complement.Harness.Hunting;

namespace Matrix.Complement.Harness.Tests.Hunting;

/// <summary>Parsing of the hunt's settings.</summary>
public sealed class HuntSettingsTests
{
    [TestCase("90s", 90)]
    [TestCase("10m", 600)]
    [TestCase("1h", 3600)]
    [TestCase("45", 45)]
    [TestCase("1.5m", 90)]
    public void Durations_parse(string text, double seconds) =>
        Assert.That(HuntSettings.ParseDuration(text), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [TestCase("")]
    [TestCase("ten minutes")]
    [TestCase("-5m")]
    [TestCase("5d")]
    public void Bad_durations_say_what_is_accepted(string text) =>
        Assert.That(() => HuntSettings.ParseDuration(text), Throws.TypeOf<FormatException>().With.Message.Contains("10m"));

    [Test]
    public void Kinds_and_faults_parse()
    {
        Assert.That(HuntSettings.ParseKinds("js, nio"), Is.EqualTo(new[] { "js", "nio" }));
        Assert.That(HuntSettings.ParseKinds(null), Is.EqualTo(new[] { "js" }));
        Assert.Throws<FormatException>(() => HuntSettings.ParseKinds("rust"));
        var faults = HuntSettings.ParseFaults(["alice:noRoomKeysForNewDevices,bob:x"]);
        Assert.That(faults["alice"], Is.EqualTo(new[] { "noRoomKeysForNewDevices" }));
        Assert.That(faults["bob"], Is.EqualTo(new[] { "x" }));
        Assert.Throws<FormatException>(() => HuntSettings.ParseFaults(["dave:x"]));
    }

    [Test]
    public void Kinds_go_round_robin_over_the_users()
    {
        var options = new HuntRunOptions { Kinds = ["js", "nio"] };
        Assert.That(HuntRoster.Users.Select(options.KindOf), Is.EqualTo(new[]
        {
            Matrix.Complement.Harness.Clients.ClientKind.Js, Matrix.Complement.Harness.Clients.ClientKind.Nio,
            Matrix.Complement.Harness.Clients.ClientKind.Js,
        }));
    }
}
