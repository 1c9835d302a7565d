namespace Matrix.Complement.Harness.Rtc;

/// <summary>
/// How a participant joins a call. Unset values keep the SDK's defaults (matrix-js-sdk 43: key-use delay 1 s, grace
/// period 10 s, delayed leave 8 s restarted every 5 s).
/// </summary>
public sealed record RtcJoinOptions
{
    /// <summary>How long after sending a rotated key the sender starts using it.</summary>
    public TimeSpan? UseKeyDelay { get; init; }

    /// <summary>A key younger than this is shared with joiners instead of being rotated.</summary>
    public TimeSpan? KeyRotationGracePeriod { get; init; }

    /// <summary>The MSC4140 delay of the leave the server sends if the client stops restarting it.</summary>
    public TimeSpan? DelayedLeaveEventDelay { get; init; }

    /// <summary>How often the client restarts its delayed leave.</summary>
    public TimeSpan? DelayedLeaveEventRestart { get; init; }

    /// <summary>The transport URL written into the membership (nothing has to answer there for the key layer).</summary>
    public Uri? LiveKitServiceUrl { get; init; }
}
