using System.Globalization;
using System.Text;

namespace Matrix.Complement.Harness.Rtc.Sfu;

/// <summary>
/// livekit-server's <c>livekit.yaml</c> for the SFU path, as element-web's Testcontainers fixture and Element Call's
/// dev config write it (notes/rtc-auth.md §3.2): signalling on <see cref="Port"/>, one TCP and one UDP media
/// port, the node's own loopback address as its ICE candidate, a single API key, no automatic room creation (the
/// authorisation service creates rooms) and a webhook to lk-jwt-service.
/// </summary>
public sealed record LiveKitServerConfig
{
    /// <summary>Signalling (HTTP/WebSocket) port.</summary>
    public int Port { get; init; } = 7880;

    /// <summary>ICE-over-TCP port.</summary>
    public int RtcTcpPort { get; init; } = 7881;

    /// <summary>The single UDP media port (mux).</summary>
    public int RtcUdpPort { get; init; } = 7882;

    /// <summary>The loopback address the server binds and announces.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>API key name shared with lk-jwt-service.</summary>
    public string ApiKey { get; init; } = "devkey";

    /// <summary>API secret shared with lk-jwt-service (livekit-server wants at least 32 characters).</summary>
    public required string ApiSecret { get; init; }

    /// <summary>Webhook receivers (lk-jwt-service's <c>/sfu_webhook</c>), signed with <see cref="ApiKey"/>.</summary>
    public IReadOnlyList<Uri> WebhookUrls { get; init; } = [];

    /// <summary>The WebSocket URL clients and lk-jwt-service use.</summary>
    public Uri WebSocketUrl => new($"ws://{Address}:{Port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The YAML text.</summary>
    public string ToYaml()
    {
        if (ApiSecret.Length < 32) throw new InvalidOperationException("livekit-server needs an API secret of at least 32 characters.");
        var yaml = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"port: {Port}")
            .AppendLine(CultureInfo.InvariantCulture, $"bind_addresses: [\"{Address}\"]")
            .AppendLine("rtc:")
            .AppendLine(CultureInfo.InvariantCulture, $"  tcp_port: {RtcTcpPort}")
            .AppendLine(CultureInfo.InvariantCulture, $"  udp_port: {RtcUdpPort}")
            .AppendLine("  use_external_ip: false")
            .AppendLine(CultureInfo.InvariantCulture, $"  node_ip: \"{Address}\"")
            .AppendLine("keys:")
            .AppendLine(CultureInfo.InvariantCulture, $"  {ApiKey}: \"{ApiSecret}\"")
            .AppendLine("room:")
            .AppendLine("  auto_create: false")
            .AppendLine("logging:")
            .AppendLine("  level: info");
        if (WebhookUrls.Count > 0)
        {
            yaml.AppendLine("webhook:")
                .AppendLine(CultureInfo.InvariantCulture, $"  api_key: {ApiKey}")
                .AppendLine("  urls:");
            foreach (var url in WebhookUrls) yaml.AppendLine(CultureInfo.InvariantCulture, $"    - \"{url}\"");
        }
        return yaml.ToString();
    }
}
