using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Deployment.Profiles;

namespace Matrix.Complement.Scenarios.Calls.Support;

/// <summary>The call scenarios' deployment, removed by the assembly's set-up fixture.</summary>
public static class CallDeployment
{
    /// <summary>hs1 with the MatrixRTC profile (<see cref="RtcProfile"/>: delayed events, sticky events, RTC transports).</summary>
    public static LazyDeployment Instance { get; } = new("the call deployment",
        () => new DeploymentOptions { Homeservers = 1, ConfigOverlays = RtcProfile.Overlays("hs1") });
}
