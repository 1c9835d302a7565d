using Matrix.Complement.Harness.Deployment;
using Matrix.Complement.Harness.Deployment.Profiles;

namespace Matrix.Complement.Scenarios.Invisible.Support;

/// <summary>
/// The deployment of the dehydrated-device scenarios, removed by the assembly's <c>ScenarioSetUp</c>: the shared
/// deployment (<see cref="ScenarioTest"/>) has no experimental features.
/// </summary>
public static class InvisibleDeployment
{
    /// <summary>hs1+hs2 with the invisible-encryption profile (<see cref="InvisibleCryptoProfile"/>: dehydrated devices on).</summary>
    public static LazyDeployment Instance { get; } = new("the invisible-encryption deployment",
        () => new DeploymentOptions { Homeservers = 2, ConfigOverlays = InvisibleCryptoProfile.Overlays("hs1", "hs2") });
}
