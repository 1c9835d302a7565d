using Matrix.Complement.Harness.Diagnostics;

namespace Matrix.Complement.Reports.Tests;

/// <summary>
/// A run folder built from small hand-written result files: every outcome kind (pass, failure, error, skipped,
/// expected failure, unexpected pass, flaky), two client pairs, a TRX-only assembly, and artefacts for the failing
/// test (client timeline with UTDs and a pushed event, proxy flows, homeserver log, console log, trace).
/// </summary>
internal sealed class SyntheticRun : IDisposable
{
    public const string Ns = "Matrix.Complement.Scenarios.Crypto.RoomKeys";
    public const string JsJs = "js@hs1|js@hs2";
    public const string JsNio = "js@hs1|nio@hs2";
    public const string Secret = "syt_c2VjcmV0_TopSecretToken123";
    public const string FailureText = "bob (nio@hs2) expected to decrypt $ev1 within 30 s";

    public SyntheticRun()
    {
        Directory = Path.Combine(Path.GetTempPath(), "mc-report-tests", Guid.NewGuid().ToString("N")[..8], "20260101-100000-abcd");
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "results", "nunit"));
        File.WriteAllText(Path.Combine(Directory, "results", "nunit", "Matrix.Complement.Scenarios.Crypto.xml"), FirstRun());
        File.WriteAllText(Path.Combine(Directory, "results", "nunit", "Matrix.Complement.Scenarios.Crypto_1.xml"), SecondRun());
        File.WriteAllText(Path.Combine(Directory, "results", "Matrix.Complement.Harness.Tests.trx"), Trx());
        File.WriteAllText(Path.Combine(Directory, "results", "Matrix.Complement.Scenarios.Crypto.junit.xml"),
            "<testsuites><testsuite name=\"x\" tests=\"1\"/></testsuites>");
        WriteArtefacts();
        new RunManifest
        {
            RunId = "20260101-100000-abcd",
            StartedUtc = new DateTimeOffset(2026, 1, 1, 9, 59, 0, TimeSpan.Zero),
            EndedUtc = new DateTimeOffset(2026, 1, 1, 10, 6, 0, TimeSpan.Zero),
            Machine = new RunManifest.MachineInfo(2, 24_000, "Debian GNU/Linux", ".NET 10.0.0", [0.5, 0.7, 0.9]),
            Homeservers = [new RunManifest.HomeserverImage("hs1", "matrix-complement/synapse:abc123",
                "sha256:0123456789abcdef", ["matrix-complement/synapse@sha256:feedface"], "1.140.0", null)],
            Sdks = new Dictionary<string, string> { ["SDK_VERSION"] = "38.1.0", ["CRYPTO_WASM_VERSION"] = "15.2.0" },
            Browser = new RunManifest.BrowserInfo("chromium-headless-shell", "140.0.7339.80"),
            Seeds = [new RunManifest.FsCheckSeed("Ns.Props.Random_walk", "(123,456)")],
        }.Write(Directory);
    }

    public string Directory { get; }

    public string TestDirectory(string fullName) => Path.Combine(Directory, "tests", TestArtefacts.SafeName(fullName));

    public static string FullName(string pair, string method) => $"{Ns}.EncryptedRoomScenarios({pair}).{method}";

    public void Dispose()
    {
        var root = Path.GetDirectoryName(Directory)!;
        if (System.IO.Directory.Exists(root)) System.IO.Directory.Delete(root, recursive: true);
    }

    private static string Case(string pair, string method, string result, string extra = "", string properties = "",
        string label = "", string site = "", int second = 0) =>
        $"""
        <test-case id="{Guid.NewGuid():N}" name="{method}" fullname="{FullName(pair, method)}" methodname="{method}"
          classname="{Ns}.EncryptedRoomScenarios" result="{result}" {(label.Length > 0 ? $"label=\"{label}\"" : "")}
          {(site.Length > 0 ? $"site=\"{site}\"" : "")} start-time="2026-01-01 10:00:{second:00}Z" end-time="2026-01-01 10:00:{second + 2:00}Z" duration="2.000">
          <properties><property name="Spec" value="client-server-api/#end-to-end-encryption" />{properties}</properties>
          {extra}
        </test-case>
        """;

    private static string Fixture(string pair, string cases) =>
        $"""
        <test-suite type="TestFixture" name="EncryptedRoomScenarios({pair})" fullname="{Ns}.EncryptedRoomScenarios({pair})" classname="{Ns}.EncryptedRoomScenarios">
          <properties><property name="Category" value="Crypto" /><property name="_JOINTYPE" value="x" /></properties>
          {cases}
        </test-suite>
        """;

    private static string Document(string fixtures) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <test-run id="0" result="Failed" start-time="2026-01-01 10:00:00Z" end-time="2026-01-01 10:05:00Z" duration="300">
          <test-suite type="Assembly" name="Matrix.Complement.Scenarios.Crypto.dll" fullname="bin/Matrix.Complement.Scenarios.Crypto.dll">
            <properties><property name="_PID" value="42" /></properties>
            <test-suite type="ParameterizedFixture" name="EncryptedRoomScenarios" fullname="{Ns}.EncryptedRoomScenarios">
              <properties><property name="Msc" value="4153" /></properties>
              {fixtures}
            </test-suite>
          </test-suite>
        </test-run>
        """;

    private static string Failure(string message, string stack = "at Scenario.Step() in EncryptedRoomScenarios.cs:line 42") =>
        $"<failure><message><![CDATA[{message}]]></message><stack-trace><![CDATA[{stack}]]></stack-trace></failure>";

    private static string FirstRun() => Document(
        Fixture(JsJs,
            Case(JsJs, "Messages_decrypt", "Passed") +
            Case(JsJs, "History_is_shared", "Passed", second: 3) +
            Case(JsJs, "Isolation_excludes_unsigned", "Inconclusive",
                "<reason><message><![CDATA[known divergence: nio shares keys with unsigned devices]]></message></reason>",
                "<property name=\"Divergence\" value=\"nio shares keys with unsigned devices (issue 12)\" />") +
            Case(JsJs, "Flaky_send", "Passed", second: 6) +
            Case(JsJs, "Skipped_one", "Skipped", "<reason><message><![CDATA[needs MAS]]></message></reason>", label: "Ignored")) +
        Fixture(JsNio,
            Case(JsNio, "Messages_decrypt", "Failed",
                Failure($"Matrix.Complement.Harness.Clients.ExpectationFailedException : {FailureText}; saw \"access_token\": \"{Secret}\""),
                label: "Error") +
            Case(JsNio, "History_is_shared", "Failed",
                Failure("System.InvalidOperationException : the docker engine stopped answering"), label: "Error", second: 3) +
            Case(JsNio, "Isolation_excludes_unsigned", "Passed", "", "<property name=\"UnexpectedPass\" value=\"true\" />") +
            Case(JsNio, "Assert_style_failure", "Failed", Failure("  Expected: 3\n  But was:  2\n"))));

    private static string SecondRun() => Document(
        Fixture(JsJs, Case(JsJs, "Flaky_send", "Failed", Failure("Expected: True\n  But was: False"), second: 30)));

    private static string Trx() =>
        """
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="1" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Results>
            <UnitTestResult testId="t1" testName="Parses_pairs" outcome="Passed" duration="00:00:00.0100000"
              startTime="2026-01-01T10:00:00.0000000+00:00" endTime="2026-01-01T10:00:00.0100000+00:00" />
            <UnitTestResult testId="t2" testName="Rejects_bad_grammar" outcome="Failed" duration="00:00:00.0200000"
              startTime="2026-01-01T10:00:01.0000000+00:00" endTime="2026-01-01T10:00:01.0200000+00:00">
              <Output><ErrorInfo><Message>Expected: "x"  But was: "y"</Message><StackTrace>at Grammar()</StackTrace></ErrorInfo></Output>
            </UnitTestResult>
          </Results>
          <TestDefinitions>
            <UnitTest name="Parses_pairs" id="t1"><TestMethod codeBase="bin/Matrix.Complement.Harness.Tests.dll" className="Matrix.Complement.Harness.Tests.ClientMatrixTests" name="Parses_pairs" /></UnitTest>
            <UnitTest name="Rejects_bad_grammar" id="t2"><TestMethod codeBase="bin/Matrix.Complement.Harness.Tests.dll" className="Matrix.Complement.Harness.Tests.ClientMatrixTests" name="Rejects_bad_grammar" /></UnitTest>
          </TestDefinitions>
        </TestRun>
        """;

    private void WriteArtefacts()
    {
        var failed = TestDirectory(FullName(JsNio, "Messages_decrypt"));
        System.IO.Directory.CreateDirectory(failed);
        string Line(string ts, string actor, string kind, string call, string args, string? result, string? error = null) =>
            $"{{\"ts\":\"2026-01-01T10:00:{ts}Z\",\"test\":\"x\",\"actor\":\"{actor}\",\"kind\":\"{kind}\",\"homeserver\":\"hs{(actor == "alice" ? 1 : 2)}\"," +
            $"\"call\":\"{call}\",\"args\":{args},\"elapsedMs\":12.5" + (result is null ? "" : $",\"result\":{result}") +
            (error is null ? "" : $",\"error\":\"{error}\"") + "}";
        File.WriteAllLines(Path.Combine(failed, "timeline.jsonl"),
        [
            Line("00.100", "alice", "js", "CreateRoom", "{\"encrypted\":true}", "\"!room:hs1\""),
            Line("00.500", "alice", "js", "SendText", "{\"roomId\":\"!room:hs1\",\"body\":\"hello\"}", "{\"eventId\":\"$ev1\"}"),
            "{\"ts\":\"2026-01-01T10:00:00.700Z\",\"actor\":\"bob\",\"kind\":\"nio\",\"event\":\"timeline\",\"eventId\":\"$ev1\",\"decryption\":\"Pending\"}",
            Line("01.000", "bob", "nio", "GetTimeline", "{\"roomId\":\"!room:hs1\"}",
                "[{\"roomId\":\"!room:hs1\",\"eventId\":\"$ev1\",\"type\":\"m.room.encrypted\",\"sender\":\"@alice:hs1\",\"decryption\":\"Failed\",\"failureCode\":\"MEGOLM_UNKNOWN_INBOUND_SESSION_ID\"}," +
                "{\"roomId\":\"!room:hs1\",\"eventId\":\"$ev2\",\"decryption\":3,\"failureCode\":1}," +
                "{\"roomId\":\"!room:hs1\",\"eventId\":\"$ok\",\"decryption\":\"Decrypted\",\"body\":\"hi\"}]"),
            Line("31.000", "bob", "nio", "WaitForEvent", "{\"roomId\":\"!room:hs1\",\"expectation\":\"decrypted $ev1\"}", null,
                "ExpectationFailedException: $ev3 from @alice:hs1/ALICEDEV m.room.encrypted Failed (MEGOLM_KEY_WITHHELD) session s1"),
            "not json at all",
        ]);
        File.WriteAllLines(Path.Combine(failed, "proxy-flows.jsonl"),
        [
            "{\"time\":\"2026-01-01T10:00:00.600Z\",\"server\":\"hs2\",\"direction\":\"client_server\",\"method\":\"GET\",\"path\":\"/_matrix/client/v3/sync?access_token=" + Secret + "\",\"status\":200,\"duration_ms\":30.2,\"request_bytes\":0,\"response_bytes\":1200,\"user\":\"@bob:hs2\"}",
            "{\"time\":\"2026-01-01T10:00:00.800Z\",\"server\":\"hs1\",\"direction\":\"federation\",\"method\":\"PUT\",\"path\":\"/_matrix/federation/v1/send/1\",\"status\":500,\"duration_ms\":5,\"rules\":[\"hs1 PUT /send -> fail 1x 500\"]}",
        ]);
        File.WriteAllLines(Path.Combine(failed, "hs1.log"),
        [
            "2026-01-01T10:00:00.650123456Z 2026-01-01 10:00:00,650 - synapse.access.http.8008 - 540 - INFO - GET-4 - 127.0.0.11 - \"PUT /send\" 200",
            "2026-01-01T10:00:00.900000000Z 2026-01-01 10:00:00,900 - synapse.federation - 12 - ERROR - failed to send to hs2",
            "Traceback (most recent call last):",
        ]);
        File.WriteAllLines(Path.Combine(failed, "alice-ALICEDEV.console.log"),
            ["10:00:00.050 log: starting client", "10:00:00.900 error: failed to share room key"]);
        File.WriteAllBytes(Path.Combine(failed, "alice-ALICEDEV.trace.zip"), [0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0]);

        var expected = TestDirectory(FullName(JsJs, "Isolation_excludes_unsigned"));
        System.IO.Directory.CreateDirectory(expected);
        File.WriteAllText(Path.Combine(expected, "timeline.jsonl"),
            Line("02.000", "bob", "js", "WaitForEvent", "{}",
                "{\"eventId\":\"$iso\",\"decryption\":\"Failed\",\"failureCode\":\"UnsignedSenderDevice\"}") + "\n");
    }
}
