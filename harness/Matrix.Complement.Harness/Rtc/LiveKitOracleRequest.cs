namespace Matrix.Complement.Harness.Rtc;

/// <summary>
/// What the livekit-client oracle is asked to do with frames: its key ring (<see cref="Keys"/>, set in order, the
/// last one current unless <see cref="CurrentIndex"/> says otherwise), how often to ratchet the current key first,
/// and the key-provider options.
/// </summary>
public sealed record LiveKitOracleRequest
{
    /// <summary>Keys, set in order with livekit-client's own <c>ParticipantKeyHandler.setKey</c>.</summary>
    public required IReadOnlyList<OracleKey> Keys { get; init; }

    /// <summary>The sending index, if not the last key's.</summary>
    public int? CurrentIndex { get; init; }

    /// <summary>Ratchet steps (livekit-client <c>ratchetKey</c>) applied to the current key before the frames.</summary>
    public int Ratchets { get; init; }

    /// <summary>Key-provider options (ring size, ratchet window, salt).</summary>
    public LiveKitKeyOptions Options { get; init; } = LiveKitKeyOptions.Default;

    /// <summary>The participant identity the cryptor works for.</summary>
    public string Identity { get; init; } = "@alice:hs1:DEVICE";
}
