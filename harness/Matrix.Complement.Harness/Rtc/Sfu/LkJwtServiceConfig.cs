namespace Matrix.Complement.Harness.Rtc.Sfu;

/// <summary>
/// The environment of element-hq's lk-jwt-service (the MatrixRTC authorisation service, notes/rtc-auth.md §3.3):
/// where it listens, which LiveKit it mints tokens for, which homeservers' users may create rooms, and TLS
/// verification of the homeservers' federation API (skipped only when asked, for the per-run CA).
/// </summary>
public sealed record LkJwtServiceConfig
{
    /// <summary>The livekit-server the tokens are for (its WebSocket URL, handed to clients).</summary>
    public required Uri LiveKitUrl { get; init; }

    /// <summary>LiveKit API key.</summary>
    public required string ApiKey { get; init; }

    /// <summary>LiveKit API secret.</summary>
    public required string ApiSecret { get; init; }

    /// <summary>Homeservers whose users get full access (room creation); <c>*</c> for all. Required by the service.</summary>
    public IReadOnlyList<string> FullAccessHomeservers { get; init; } = ["*"];

    /// <summary>Listen address, e.g. <c>127.0.0.1:8080</c>.</summary>
    public string Bind { get; init; } = "127.0.0.1:8080";

    /// <summary>Skip TLS verification of homeservers' federation API (OpenID validation).</summary>
    public bool InsecureSkipVerifyTls { get; init; }

    /// <summary>Log level (<c>debug</c>, <c>info</c>, …), or null for the service's default.</summary>
    public string? LogLevel { get; init; }

    /// <summary>The service's URL as a transport's <c>livekit_service_url</c>.</summary>
    public Uri ServiceUrl => new($"http://{Bind}");

    /// <summary>The container environment.</summary>
    public IReadOnlyDictionary<string, string> ToEnvironment()
    {
        if (FullAccessHomeservers.Count == 0)
            throw new InvalidOperationException("lk-jwt-service requires LIVEKIT_FULL_ACCESS_HOMESERVERS (use \"*\" for all).");
        var env = new Dictionary<string, string>
        {
            ["LIVEKIT_URL"] = LiveKitUrl.ToString().TrimEnd('/'),
            ["LIVEKIT_KEY"] = ApiKey,
            ["LIVEKIT_SECRET"] = ApiSecret,
            ["LIVEKIT_FULL_ACCESS_HOMESERVERS"] = string.Join(",", FullAccessHomeservers),
            ["LIVEKIT_JWT_BIND"] = Bind,
        };
        if (InsecureSkipVerifyTls) env["LIVEKIT_INSECURE_SKIP_VERIFY_TLS"] = "YES_I_KNOW_WHAT_I_AM_DOING";
        if (LogLevel is not null) env["LIVEKIT_LOG_LEVEL"] = LogLevel;
        return env;
    }
}
