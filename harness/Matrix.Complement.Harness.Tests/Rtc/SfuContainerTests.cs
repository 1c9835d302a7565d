using Matrix.Complement.Harness.Rtc.Sfu;
using Matrix.Complement.NUnit;

namespace Matrix.Complement.Harness.Tests.Rtc;

/// <summary>
/// The SFU path with real containers (issue 9 item 4): livekit-server and lk-jwt-service. Their images are pulled,
/// never built; where they are missing (no reachable registry) these tests are skipped naming the images.
/// </summary>
[Category("Docker"), Msc(4195)]
public sealed class SfuContainerTests
{
    [OneTimeSetUp]
    public async Task RequireImagesAsync()
    {
        var missing = await SfuImages.MissingAsync();
        if (missing.Count > 0)
            Assert.Ignore($"SFU images not present in the local Docker engine: {string.Join(", ", missing)}. " +
                          "Pull them on a machine that can reach their registries (or set MATRIX_COMPLEMENT_LIVEKIT_IMAGE / " +
                          "MATRIX_COMPLEMENT_LK_JWT_SERVICE_IMAGE).");
    }

    [Test]
    public void Livekit_server_answers_on_its_signalling_port() =>
        Assert.Inconclusive("The livekit-server Testcontainers fixture is not written yet (issue 9 item 4).");

    [Test]
    public void Lk_jwt_service_mints_a_token_for_a_joined_member() =>
        Assert.Inconclusive("The lk-jwt-service fixture and the OpenID federation listener are not written yet (issue 9 item 4).");
}
