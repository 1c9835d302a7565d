using Matrix.Complement.Harness.Network;
using Matrix.Complement.NUnit;

namespace Matrix.Complement.Harness.Tests.Adapter;

/// <summary>What every scenario gets from its base class.</summary>
[Category("Docker")]
public sealed class ScenarioTestTests : ScenarioTest
{
    [Test, CancelAfter(120_000)]
    public async Task The_test_body_sees_its_own_flow_log_and_registered_users_are_tracked(CancellationToken ct)
    {
        var log = TrafficLog.Current;
        Assert.That(log, Is.Not.Null, "the flow log opened in set-up is ambient in the test body");

        var deployment = await DeploymentAsync(ct);
        var dora = await deployment["hs1"].RegisterUserAsync("dora", ct);
        await deployment["hs1"].Api.SendAsync(HttpMethod.Get, "/_matrix/client/v3/account/whoami", dora, null, ct);

        Assert.That(log!.Users, Does.Contain(dora.UserId));
        Assert.That(log.Flows.Select(f => f.Path), Has.Some.Contains("/account/whoami"));
    }
}
