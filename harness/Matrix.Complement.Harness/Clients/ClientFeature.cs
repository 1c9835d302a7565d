namespace Matrix.Complement.Harness.Clients;

/// <summary>
/// What a client kind can do beyond the basics every kind has (log in, sync, join, send and decrypt Megolm).
/// A driver declares its features in its <c>hello</c> answer; scenarios that need one skip, with the reason, on a
/// kind that lacks it (<c>ScenarioTest.RequireFeature</c>), so a missing feature is never reported as a pass.
/// </summary>
public enum ClientFeature
{
    /// <summary>Cross-signing: bootstrap, reset, sign own devices, user and device verification status.</summary>
    CrossSigning,

    /// <summary>Server-side key backup with a recovery key.</summary>
    KeyBackup,

    /// <summary>Fallback keys (MSC2732).</summary>
    FallbackKeys,

    /// <summary>Sends and understands <c>m.room_key.withheld</c> codes.</summary>
    WithheldCodes,

    /// <summary>SAS verification of own devices and of other users.</summary>
    Verification,

    /// <summary>Identity-change warnings: pin identity, withdraw verification requirement, trust-change events.</summary>
    IdentityTrust,

    /// <summary>Exclude insecure devices (MSC4153): device isolation mode.</summary>
    DeviceIsolation,

    /// <summary>Event shields (colour and reason).</summary>
    EventShields,

    /// <summary>Simplified Sliding Sync (MSC4186).</summary>
    SlidingSync,

    /// <summary>Restart and crash with persistent storage.</summary>
    PersistentStorage,

    /// <summary>MatrixRTC sessions with per-participant media keys.</summary>
    MatrixRtc,

    /// <summary>OAuth 2.0 login (MSC2964 family).</summary>
    OAuth,

    /// <summary>Dehydrated devices (MSC3814).</summary>
    DehydratedDevices,

    /// <summary>Sharing room-key history with newly invited users (MSC4268).</summary>
    HistorySharing,
}

/// <summary>Parses and prints the protocol's feature names (<c>crossSigning</c>, <c>keyBackup</c>, ...).</summary>
public static class ClientFeatures
{
    /// <summary>The protocol name of <paramref name="feature"/>: the enum name in camel case (<c>oauth</c> for OAuth).</summary>
    public static string Name(ClientFeature feature) => feature == ClientFeature.OAuth
        ? "oauth"
        : char.ToLowerInvariant(feature.ToString()[0]) + feature.ToString()[1..];

    /// <summary>The features named in a driver's <c>hello</c> answer (names compared without case); unknown names are ignored.</summary>
    public static IReadOnlySet<ClientFeature> Parse(IEnumerable<string> names)
    {
        var set = new HashSet<ClientFeature>();
        foreach (var name in names)
            if (Enum.TryParse<ClientFeature>(name, ignoreCase: true, out var f) && !int.TryParse(name, out _)) set.Add(f);
        return set;
    }
}
