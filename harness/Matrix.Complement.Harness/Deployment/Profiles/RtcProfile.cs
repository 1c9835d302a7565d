using System.Globalization;
using System.Text;

namespace Matrix.Complement.Harness.Deployment.Profiles;

/// <summary>
/// The MatrixRTC profile of the homeserver image (issue 9, notes/synapse.md §11, notes/rtc-auth.md §3.4): a
/// <c>conf.d</c> overlay that turns on delayed events (MSC4140), RTC transport discovery (MSC4143),
/// <c>state_after</c> (MSC4222), sticky events (MSC4354) and room summaries (MSC3266), and configures one
/// <c>livekit</c> transport. Pass <see cref="Overlays"/> as <see cref="DeploymentOptions.ConfigOverlays"/>.
/// </summary>
/// <remarks>
/// Synapse overlays replace top-level keys, so <c>experimental_features</c> here carries every flag the profile
/// needs; a second overlay that also sets <c>experimental_features</c> must repeat them.
/// </remarks>
public static class RtcProfile
{
    /// <summary>
    /// The transport URL when none is given: lk-jwt-service's default port on loopback. Nothing has to listen
    /// there for transport discovery; the SFU path starts its own service and passes that URL instead.
    /// </summary>
    public static readonly Uri DefaultLiveKitServiceUrl = new("http://127.0.0.1:8080");

    /// <summary>The longest delay a delayed event may have (<c>max_event_delay_duration</c>).</summary>
    public static readonly TimeSpan MaxEventDelay = TimeSpan.FromHours(24);

    /// <summary>How many delayed events one user may have scheduled at a time (MSC4140).</summary>
    public const int MaxDelayedEventsPerUser = 100;

    /// <summary>The experimental features the profile turns on, in overlay order.</summary>
    public static IReadOnlyList<string> ExperimentalFlags { get; } =
        ["msc3266_enabled", "msc4143_enabled", "msc4222_enabled", "msc4354_enabled"];

    /// <summary>The overlay YAML, with one <c>livekit</c> transport at <paramref name="liveKitServiceUrl"/>.</summary>
    public static string Yaml(Uri? liveKitServiceUrl = null)
    {
        var url = (liveKitServiceUrl ?? DefaultLiveKitServiceUrl).ToString().TrimEnd('/');
        var yaml = new StringBuilder()
            .AppendLine("# MatrixRTC profile (Matrix.Complement, issue 9). Replaces these top-level keys of the base config.")
            .AppendLine(CultureInfo.InvariantCulture, $"max_event_delay_duration: {(int)MaxEventDelay.TotalHours}h")
            .AppendLine("experimental_features:");
        foreach (var flag in ExperimentalFlags) yaml.AppendLine(CultureInfo.InvariantCulture, $"  {flag}: true");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  msc4140_max_delayed_events_per_user: {MaxDelayedEventsPerUser}")
            .AppendLine("matrix_rtc:")
            .AppendLine("  transports:")
            .AppendLine("    - type: livekit")
            .AppendLine(CultureInfo.InvariantCulture, $"      livekit_service_url: \"{url}\"")
            .AppendLine("rc_delayed_event_mgmt: {per_second: 10000, burst_count: 100000}");
        return yaml.ToString();
    }

    /// <summary>
    /// The overlay for each of <paramref name="servers"/> (logical names, e.g. <c>hs1</c>), ready for
    /// <see cref="DeploymentOptions.ConfigOverlays"/>. With no names: <c>hs1</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Overlays(params string[] servers) =>
        Overlays(null, servers);

    /// <summary>As <see cref="Overlays(string[])"/>, with the transport at <paramref name="liveKitServiceUrl"/>.</summary>
    public static IReadOnlyDictionary<string, string> Overlays(Uri? liveKitServiceUrl, params string[] servers)
    {
        var yaml = Yaml(liveKitServiceUrl);
        return (servers.Length == 0 ? ["hs1"] : servers).ToDictionary(s => s, _ => yaml);
    }
}
