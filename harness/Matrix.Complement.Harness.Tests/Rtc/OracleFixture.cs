using Matrix.Complement.Harness.Rtc;
using Matrix.Complement.NUnit;

namespace Matrix.Complement.Harness.Tests.Rtc;

/// <summary>Fixtures that talk to livekit-client in Chromium: one oracle page for the fixture, closed after it.</summary>
public abstract class OracleFixture
{
    private LiveKitFrameOracle? _oracle;

    /// <summary>The running oracle.</summary>
    protected LiveKitFrameOracle Oracle => _oracle!;

    [OneTimeSetUp]
    public async Task StartOracleAsync()
    {
        Require.That(LiveKitFrameOracle.Unavailable is null, $"the livekit oracle is not available here: {LiveKitFrameOracle.Unavailable}");
        _oracle = await LiveKitFrameOracle.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopOracleAsync()
    {
        if (_oracle is not null) await _oracle.DisposeAsync();
    }
}
