namespace Matrix.Complement.Harness.Rtc;

/// <summary>
/// One participant's LiveKit key ring (livekit-client <c>ParticipantKeyHandler</c>): a key per index, the index
/// used for sending, and ratcheting in place. Setting a key stores it at <c>index % KeyringSize</c>; a frame's key
/// index is looked up as is, so an index at or above the ring size is never found, as in livekit-client.
/// </summary>
public sealed class FrameKeyRing
{
    private readonly FrameKeyMaterial?[] _ring;

    /// <summary>An empty ring.</summary>
    public FrameKeyRing(LiveKitKeyOptions? options = null)
    {
        Options = options ?? LiveKitKeyOptions.Default;
        if (Options.KeyringSize is < 1 or > 256)
            throw new ArgumentOutOfRangeException(nameof(options), "Keyring size needs to be between 1 and 256.");
        _ring = new FrameKeyMaterial?[Options.KeyringSize];
    }

    /// <summary>The options every key of the ring is derived with.</summary>
    public LiveKitKeyOptions Options { get; }

    /// <summary>The index the sender uses (the last one set, unless told otherwise).</summary>
    public int CurrentIndex { get; private set; }

    /// <summary>Sets raw media-key bytes (HKDF) at <paramref name="index"/> and makes it current.</summary>
    public FrameKeyRing SetKey(int index, ReadOnlySpan<byte> key) => Set(index, FrameKeyMaterial.FromBytes(key, Options));

    /// <summary>Sets a passphrase (PBKDF2) at <paramref name="index"/> and makes it current.</summary>
    public FrameKeyRing SetPassphrase(int index, string passphrase) => Set(index, FrameKeyMaterial.FromPassphrase(passphrase, Options));

    /// <summary>Sets <paramref name="material"/> at <paramref name="index"/> and, by default, makes it current.</summary>
    public FrameKeyRing Set(int index, FrameKeyMaterial material, bool makeCurrent = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var slot = index % _ring.Length;
        _ring[slot] = material;
        if (makeCurrent) CurrentIndex = slot;
        return this;
    }

    /// <summary>Makes <paramref name="index"/> the sending index.</summary>
    public void SetCurrentIndex(int index) => CurrentIndex = index % _ring.Length;

    /// <summary>The key at a frame's key index, or null (absent, or beyond the ring).</summary>
    public FrameKeyMaterial? Get(int index) => index >= 0 && index < _ring.Length ? _ring[index] : null;

    /// <summary>Ratchets the key at <paramref name="index"/> (default: current) in place; returns the new chain key.</summary>
    public byte[] Ratchet(int? index = null)
    {
        var at = index ?? CurrentIndex;
        var current = Get(at) ?? throw new InvalidOperationException($"No key at index {at} to ratchet.");
        var chainKey = current.ChainKey();
        _ring[at] = current.Ratchet();
        return chainKey;
    }
}
