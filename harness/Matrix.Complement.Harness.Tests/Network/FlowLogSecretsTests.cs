using Matrix.Complement.Harness.Diagnostics;
using Matrix.Complement.Harness.Network;
using Matrix.Complement.Harness.Waiting;
using Matrix.Complement.NUnit;
using NUnit.Framework;

namespace Matrix.Complement.Harness.Tests.Network;

/// <summary>
/// The flow logs of the run (the deployment-wide one and every test's) never contain the access tokens and
/// passwords the test used, even when a sniff rule logs the bodies of <c>/register</c> and <c>/login</c>.
/// </summary>
[TestFixture, CancelAfter(120_000)]
public sealed class FlowLogSecretsTests : ScenarioTest
{
    [Test, NonParallelizable] // a server-wide sniff of /login (narrowed by body to this test's user)
    public async Task No_flow_log_of_the_run_contains_a_token_or_password_the_test_used(CancellationToken ct)
    {
        // Given
        var deployment = await NetworkDeploymentFixture.GetAsync(ct);
        var hs1 = deployment["hs1"];
        var log = deployment.Network.OpenTrafficLog(Artefacts);
        var alice = await hs1.RegisterUserAsync("alice", ct);

        // When
        await using (await deployment.Network.SniffAsync(NetworkRule.ClientServer("hs1").Request("POST", "/_matrix/client/v3/login")
                         .WhereBody(b => b?["identifier"]?["user"]?.GetValue<string>() == alice.Localpart).ServerWide(), ct: ct))
        await using (await deployment.Network.SniffAsync(NetworkRule.ClientServer("hs1").For(alice), ct: ct))
        {
            var second = await hs1.Api.LoginAsync(alice.Localpart, alice.Password, ct: ct);
            using var http = new HttpClient();
            using var query = await http.GetAsync(new Uri(hs1.ClientBaseUrl,
                $"/_matrix/client/v3/account/whoami?access_token={Uri.EscapeDataString(second.AccessToken)}"), ct);
            Assert.That(query.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            await hs1.Api.SendAsync(HttpMethod.Get, "/_matrix/client/v3/account/whoami", second, null, ct);
            await log.DisposeAsync();
            await WaitForRunWideLogAsync(deployment.Network.FlowFile, "/_matrix/client/v3/account/whoami?access_token=", ct);

            // Then
            var secrets = new[] { alice.AccessToken, second.AccessToken, alice.Password };
            var files = Directory.EnumerateFiles(RunContext.Current.Directory, "*.jsonl", SearchOption.AllDirectories).ToList();
            Assert.That(files, Does.Contain(log.FilePath).And.Contain(deployment.Network.FlowFile));
            foreach (var file in files)
            {
                var text = await ReadSharedAsync(file, ct);
                foreach (var secret in secrets)
                    Assert.That(text.Contains(secret, StringComparison.Ordinal), Is.False, $"{file} contains a secret of {alice.UserId}");
            }
            var own = await ReadSharedAsync(log.FilePath!, ct);
            Assert.That(own, Does.Contain("\"path\":\"/_matrix/client/v3/account/whoami?access_token=" + Redaction.Mask + "\""));
            Assert.That(own, Does.Contain("\\\"password\\\":\\\"" + Redaction.Mask), "the sniffed /login body is logged, masked");
            Assert.That(own, Does.Contain(alice.UserId));
        }
    }

    private static Task WaitForRunWideLogAsync(string file, string content, CancellationToken ct) =>
        Eventually.SatisfiesAsync($"{file} has a line for {content}", Timeouts.Request,
            c => ReadSharedAsync(file, c), text => text.Contains(content, StringComparison.Ordinal) ? null : "not written yet", ct);

    private static async Task<string> ReadSharedAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(ct);
    }
}
