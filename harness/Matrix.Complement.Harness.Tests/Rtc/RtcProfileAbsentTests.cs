using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Http;
using Matrix.Complement.Harness.Rtc;
using Matrix.Complement.NUnit;
using HarnessDeployment = Matrix.Complement.Harness.Deployment.Deployment;

namespace Matrix.Complement.Harness.Tests.Rtc;

/// <summary>
/// The control for <see cref="RtcProfileTests"/>: the plain homeserver image, without the MatrixRTC profile, does
/// not serve RTC transports (404) and does not advertise sticky events — so the profile tests can fail.
/// </summary>
[Category("Docker"), Msc(4143)]
public sealed class RtcProfileAbsentTests
{
    [Test, CancelAfter(120_000)]
    public async Task Without_the_profile_transports_answer_404_and_sticky_events_are_off(CancellationToken ct)
    {
        await using var deployment = await HarnessDeployment.StartAsync(new DeploymentOptions { Homeservers = 1 }, ct);
        var hs = deployment["hs1"];
        var rtc = new MatrixRtcApi(hs.DirectApi);
        var alice = await hs.RegisterUserAsync("alice", ct);

        var e = Assert.ThrowsAsync<MatrixApiException>(() => rtc.GetTransportsAsync(alice, ct))!;
        Assert.That(e.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await rtc.GetUnstableFeaturesAsync(ct), Does.Not.Contain("org.matrix.msc4354"));
    }
}
