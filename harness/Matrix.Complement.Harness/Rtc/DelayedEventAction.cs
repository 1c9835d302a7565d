namespace Matrix.Complement.Harness.Rtc;

/// <summary>What a client asks of a scheduled delayed event (MSC4140 management endpoints).</summary>
public enum DelayedEventAction
{
    /// <summary>Drop it: it is never sent.</summary>
    Cancel,

    /// <summary>Start its delay again from now (the dead-man's-switch keep-alive).</summary>
    Restart,

    /// <summary>Send it now.</summary>
    Send,
}
