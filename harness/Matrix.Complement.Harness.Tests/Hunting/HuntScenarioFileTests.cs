using Matrix.Complement.Harness.Hunting;
using static Matrix.Complement.Harness.Hunting.HuntActionKind;

namespace Matrix.Complement.Harness.Tests.Hunting;

/// <summary>Saved hunt scenarios round-trip and are checked on load.</summary>
public sealed class HuntScenarioFileTests
{
    private string _dir = "";

    [SetUp]
    public void MakeFolder() => _dir = Directory.CreateTempSubdirectory("mc-hunt-file-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_saved_scenario_loads_with_the_same_actions()
    {
        var file = new HuntScenarioFile
        {
            Seed = "42", Kinds = ["js", "nio"], Faults = ["alice:noRoomKeysForNewDevices"],
            Actions = [new(NewDevice, "bob"), new(EndpointFault, "alice", Endpoint: "keys/claim", Times: 2), new(Send, "alice", 1), new(Partition), new(Heal)],
            Violations = ["unexpected UTD: m0 on bob#2"],
        };
        var path = file.Save(Path.Combine(_dir, "sub", "hunt.json"));
        var loaded = HuntScenarioFile.Load(path);
        Assert.That(loaded.Actions, Is.EqualTo(file.Actions));
        Assert.That(loaded.Kinds, Is.EqualTo(file.Kinds));
        Assert.That(loaded.Faults, Is.EqualTo(file.Faults));
        Assert.That(loaded.Seed, Is.EqualTo("42"));
        var json = File.ReadAllText(path);
        Assert.That(json, Does.Contain("\"kind\": \"newDevice\"").And.Contain("\"kind\": \"send\""), "every action names its kind");
        Assert.That(json, Does.Not.Contain("deviceName"), "derived names are not saved");
    }

    [Test]
    public void A_file_with_an_action_that_is_not_allowed_is_refused_naming_it()
    {
        var path = new HuntScenarioFile { Actions = [new(Send, "alice", 1), new(Join, "charlie")] }.Save(Path.Combine(_dir, "bad.json"));
        var e = Assert.Throws<InvalidDataException>(() => HuntScenarioFile.Load(path));
        Assert.That(e!.Message, Does.Contain("action 2").And.Contain("charlie joins"));
    }

    [Test]
    public void A_file_that_is_not_json_is_refused()
    {
        var path = Path.Combine(_dir, "junk.json");
        File.WriteAllText(path, "not json");
        Assert.Throws<InvalidDataException>(() => HuntScenarioFile.Load(path));
    }
}
