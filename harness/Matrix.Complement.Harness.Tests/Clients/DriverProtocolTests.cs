using Matrix.Complement.Harness.Clients;
using Matrix.Complement.Harness.Clients.Protocol;

namespace Matrix.Complement.Harness.Tests.Clients;

public sealed class DriverProtocolTests
{
    [Test]
    public void A_command_is_one_line_with_id_command_and_camel_case_args()
    {
        var line = DriverProtocol.EncodeCommand(7, "sendText", new { RoomId = "!r:hs1", Body = "hi", Reason = (string?)null });

        Assert.That(line, Does.Not.Contain("\n"));
        var o = JsonNode.Parse(line)!.AsObject();
        Assert.That(o["id"]!.GetValue<long>(), Is.EqualTo(7));
        Assert.That(o["command"]!.GetValue<string>(), Is.EqualTo("sendText"));
        Assert.That(o["args"]!.ToJsonString(), Is.EqualTo("""{"roomId":"!r:hs1","body":"hi"}"""));
    }

    [Test]
    public void Results_errors_and_events_are_told_apart()
    {
        Assert.That(DriverProtocol.Decode("""{"id":3,"ok":true,"result":{"eventId":"$e"}}"""),
            Is.TypeOf<DriverResult>().With.Property("Id").EqualTo(3));
        var error = (DriverError)DriverProtocol.Decode(
            """{"id":4,"ok":false,"error":{"code":"timeout","message":"waited","details":{"failed":2}}}""");
        Assert.That((error.Code, error.Message, error.Details!["failed"]!.GetValue<int>()), Is.EqualTo(("timeout", "waited", 2)));
        var ev = (DriverEvent)DriverProtocol.Decode("""{"event":"sync","data":{"state":"PREPARED"},"at":12.5}""");
        Assert.That((ev.Name, ev.AtMs), Is.EqualTo(("sync", 12.5)));
    }

    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("""{"id":1}""")]
    public void Anything_else_is_a_protocol_error(string line) =>
        Assert.Throws<DriverProtocolException>(() => DriverProtocol.Decode(line));

    [Test]
    public void A_utd_timeline_event_carries_its_failure_code_and_session()
    {
        var ev = DriverProtocol.ParseTimelineEvent(JsonNode.Parse("""
            {"roomId":"!r:hs1","eventId":"$e","type":"m.room.encrypted","sender":"@a:hs1","senderDevice":null,
             "body":null,"encrypted":true,"decryption":"failed","failureCode":"MEGOLM_KEY_WITHHELD_FOR_UNVERIFIED_DEVICE",
             "sessionId":"s1","observedAt":99.5}
            """)!);

        Assert.That(ev.IsUnableToDecrypt, Is.True);
        Assert.That(ev.FailureCode, Is.EqualTo(DecryptionFailureCode.MegolmKeyWithheldForUnverifiedDevice));
        Assert.That(ev.ToString(), Does.Contain("MEGOLM_KEY_WITHHELD_FOR_UNVERIFIED_DEVICE").And.Contain("session s1"));
    }

    [Test]
    public void Every_failure_code_round_trips_through_its_protocol_name()
    {
        foreach (var code in Enum.GetValues<DecryptionFailureCode>())
            Assert.That(DecryptionFailureCodes.Parse(code.ToProtocolName()), Is.EqualTo(code), code.ToProtocolName());
        Assert.That(DecryptionFailureCodes.Parse("SOMETHING_NEW"), Is.EqualTo(DecryptionFailureCode.Unrecognised));
        Assert.That(DecryptionFailureCodes.Parse("UNRECOGNISED"), Is.EqualTo(DecryptionFailureCode.Unrecognised));
        Assert.That(DecryptionFailureCodes.Parse("UNKNOWN_ERROR"), Is.EqualTo(DecryptionFailureCode.UnknownError));
        Assert.That(DecryptionFailureCodes.Parse(null), Is.EqualTo(DecryptionFailureCode.UnknownError));
    }

    [Test]
    public void The_schema_lists_every_failure_code_and_command_the_harness_sends()
    {
        var root = RepositoryRoot();
        var schema = File.ReadAllText(Path.Combine(root, "fixtures", "clients", "protocol.schema.json"));
        foreach (var code in Enum.GetValues<DecryptionFailureCode>().Where(c => c != DecryptionFailureCode.Unrecognised)) // the harness's own, never sent
            Assert.That(schema, Does.Contain($"\"{code.ToProtocolName()}\""));
        var source = File.ReadAllText(Path.Combine(root,
            "harness", "Matrix.Complement.Harness", "Clients", "Protocol", "DriverClient.cs"));
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(source, "InvokeAsync\\(\"(\\w+)\""))
            Assert.That(schema, Does.Contain($"\"{m.Groups[1].Value}\""), m.Groups[1].Value);
    }

    // From this source file's location, so the test also works when built outside the repository.
    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string here = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(here)!); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Matrix.Complement.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Matrix.Complement.sln above {here}");
    }

    [Test]
    public void A_commands_budget_is_its_own_timeout_plus_grace_or_the_default()
    {
        var grace = Matrix.Complement.Harness.Waiting.Timeouts.Request;
        Assert.That(DriverClient.CommandBudget(DriverProtocol.EncodeCommand(1, "waitForEvent", new { timeoutMs = 5000 })),
            Is.EqualTo(TimeSpan.FromSeconds(5) + grace));
        Assert.That(DriverClient.CommandBudget(DriverProtocol.EncodeCommand(2, "sendText", new { roomId = "!r", body = "b" })),
            Is.EqualTo(grace * 2));
        Assert.That(DriverClient.CommandBudget(DriverProtocol.EncodeCommand(3, "logout", null)), Is.EqualTo(grace * 2));
    }
}
