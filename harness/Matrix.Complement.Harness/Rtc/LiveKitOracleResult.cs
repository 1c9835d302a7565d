namespace Matrix.Complement.Harness.Rtc;

/// <summary>What the livekit-client oracle produced.</summary>
/// <param name="Frames">One entry per input frame: its output bytes, or null when livekit-client dropped it.</param>
/// <param name="Errors">Cryptor errors livekit-client emitted (missing key, invalid key, …).</param>
/// <param name="Warnings">Exceptions thrown out of the cryptor's transform.</param>
/// <param name="CurrentKeyIndex">The key handler's current index afterwards.</param>
/// <param name="ChainKeys">Chain keys of the ratchet steps of the request, in order.</param>
public sealed record LiveKitOracleResult(IReadOnlyList<byte[]?> Frames, IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings, int CurrentKeyIndex, IReadOnlyList<byte[]> ChainKeys);
