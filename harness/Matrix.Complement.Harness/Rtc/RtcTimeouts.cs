using Matrix.Complement.Harness.Waiting;

namespace Matrix.Complement.Harness.Rtc;

/// <summary>
/// Named time budgets of the MatrixRTC scenarios, scaled like every <see cref="Timeouts"/> budget. The SDK's own
/// delays (key-use delay, grace period, delayed leave) are added where a wait must outlast them.
/// </summary>
public static class RtcTimeouts
{
    /// <summary>Joining a call: the membership state event is sent and comes back through sync.</summary>
    public static TimeSpan Join => Timeouts.MessageDelivery;

    /// <summary>
    /// A key reaching another participant: matrix-js-sdk's key-use delay (1 s in v43) plus one to-device delivery
    /// (<c>useKeyDelay + δ</c> of rule A1).
    /// </summary>
    public static TimeSpan KeyDistribution => Timeouts.Seconds(1) + Timeouts.MessageDelivery;

    /// <summary>
    /// A crashed participant's membership ending through its delayed leave (MSC4140): the delay plus the restart
    /// interval (the last keep-alive may have restarted it just before the crash) plus one sync.
    /// </summary>
    public static TimeSpan DelayedLeave(TimeSpan delay, TimeSpan restartInterval) =>
        delay + restartInterval + Timeouts.MessageDelivery;
}
