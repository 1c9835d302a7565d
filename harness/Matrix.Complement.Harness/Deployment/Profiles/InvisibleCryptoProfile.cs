using System.Text;

namespace Matrix.Complement.Harness.Deployment.Profiles;

/// <summary>
/// The invisible-encryption profile of the homeserver image (issue 12, notes/synapse.md §13): a <c>conf.d</c> overlay
/// that turns on dehydrated devices (MSC3814, <c>/_matrix/client/unstable/org.matrix.msc3814.v1/dehydrated_device</c>),
/// which Synapse serves only with <c>experimental_features.msc3814_enabled</c>. The rest of the pillar needs nothing
/// from the server: device keys in Olm events (MSC4147) and event shields are client-side, and history sharing on
/// invite (MSC4268) uses to-device messages and the media repository. Pass <see cref="Overlays"/> as
/// <see cref="DeploymentOptions.ConfigOverlays"/>.
/// </summary>
/// <remarks>
/// Synapse overlays replace top-level keys, so <c>experimental_features</c> here carries every flag the profile
/// needs; a second overlay that also sets <c>experimental_features</c> (<see cref="RtcProfile"/>) must repeat them.
/// </remarks>
public static class InvisibleCryptoProfile
{
    /// <summary>The experimental features the profile turns on, in overlay order.</summary>
    public static IReadOnlyList<string> ExperimentalFlags { get; } = ["msc3814_enabled"];

    /// <summary>The overlay YAML.</summary>
    public static string Yaml()
    {
        var yaml = new StringBuilder()
            .AppendLine("# Invisible-encryption profile (Matrix.Complement, issue 12). Replaces these top-level keys of the base config.")
            .AppendLine("experimental_features:");
        foreach (var flag in ExperimentalFlags) yaml.Append("  ").Append(flag).AppendLine(": true");
        return yaml.ToString();
    }

    /// <summary>
    /// The overlay for each of <paramref name="servers"/> (logical names, e.g. <c>hs1</c>), ready for
    /// <see cref="DeploymentOptions.ConfigOverlays"/>. With no names: <c>hs1</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Overlays(params string[] servers)
    {
        var yaml = Yaml();
        return (servers.Length == 0 ? ["hs1"] : servers).ToDictionary(s => s, _ => yaml);
    }
}
