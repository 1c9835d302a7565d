using System.Text;
using System.Text.Json;
using Vodozemac.Net.Interop;

namespace Vodozemac.Net;

/// <summary>
/// An Olm account: a device's identity keys, its one-time and fallback keys, and the factory for Olm sessions.
/// Calls on one instance are serialised; dispose it to free the native account.
/// </summary>
public sealed class Account : IDisposable
{
    private readonly AccountHandle _handle;
    private readonly Lock _gate = new();

    /// <summary>Creates an account with fresh identity keys.</summary>
    public Account() : this(Native.Check(NativeMethods.vz_account_new(), "creating an account")) { }

    private Account(AccountHandle handle) => _handle = handle;

    /// <summary>Restores an account pickled by <see cref="Pickle"/> with the same 32-byte key.</summary>
    /// <exception cref="VodozemacException">The pickle is malformed or the key is wrong.</exception>
    public static Account FromPickle(string pickle, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(pickle);
        Native.CheckPickleKey(key);
        return new Account(Native.Check(NativeMethods.vz_account_unpickle(pickle, key, (nuint)key.Length),
            "unpickling an account"));
    }

    /// <summary>The Curve25519 identity key (base64).</summary>
    public string Curve25519Key => Call(() => Native.TakeString(NativeMethods.vz_account_curve25519_key(_handle), "reading the Curve25519 key"));

    /// <summary>The Ed25519 identity key (base64).</summary>
    public string Ed25519Key => Call(() => Native.TakeString(NativeMethods.vz_account_ed25519_key(_handle), "reading the Ed25519 key"));

    /// <summary>Both identity keys.</summary>
    public IdentityKeys IdentityKeys => new(Curve25519Key, Ed25519Key);

    /// <summary>The most one-time keys the account keeps; generating more discards the oldest.</summary>
    public int MaxOneTimeKeys =>
        (int)Call(() => Native.Check(NativeMethods.vz_account_max_one_time_keys(_handle), "reading the one-time key limit"));

    /// <summary>Signs <paramref name="message"/> with the Ed25519 identity key; returns the signature (base64).</summary>
    public string Sign(ReadOnlySpan<byte> message)
    {
        lock (_gate)
        {
            return Native.TakeString(NativeMethods.vz_account_sign(_handle, message, (nuint)message.Length), "signing");
        }
    }

    /// <summary>Signs a UTF-8 message (canonical JSON for Matrix signatures); returns the signature (base64).</summary>
    public string Sign(string message) => Sign(Encoding.UTF8.GetBytes(message));

    /// <summary>Generates <paramref name="count"/> one-time keys, listed by <see cref="OneTimeKeys"/> until published.</summary>
    public void GenerateOneTimeKeys(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Call(() => Native.Check(NativeMethods.vz_account_generate_one_time_keys(_handle, (nuint)count), "generating one-time keys"));
    }

    /// <summary>The unpublished one-time keys: key id (without the <c>signed_curve25519:</c> prefix) to Curve25519 key.</summary>
    public IReadOnlyDictionary<string, string> OneTimeKeys =>
        ParseKeys(Call(() => Native.TakeString(NativeMethods.vz_account_one_time_keys_json(_handle), "listing one-time keys")));

    /// <summary>Generates a new fallback key, listed by <see cref="FallbackKey"/> until published.</summary>
    public void GenerateFallbackKey() =>
        Call(() => Native.Check(NativeMethods.vz_account_generate_fallback_key(_handle), "generating a fallback key"));

    /// <summary>The unpublished fallback key (key id to Curve25519 key); empty once published.</summary>
    public IReadOnlyDictionary<string, string> FallbackKey =>
        ParseKeys(Call(() => Native.TakeString(NativeMethods.vz_account_fallback_key_json(_handle), "reading the fallback key")));

    /// <summary>Forgets the previous fallback key; true if there was one.</summary>
    public bool ForgetFallbackKey() =>
        Call(() => Native.Check(NativeMethods.vz_account_forget_fallback_key(_handle), "forgetting the fallback key")) == 1;

    /// <summary>Marks the current one-time keys and fallback key as published (after a successful upload).</summary>
    public void MarkKeysAsPublished() =>
        Call(() => Native.Check(NativeMethods.vz_account_mark_keys_as_published(_handle), "marking keys as published"));

    /// <summary>
    /// Creates an outbound Olm session to a device from its Curve25519 identity key and a one-time (or fallback) key
    /// claimed from the server, both base64. The first messages it encrypts are pre-key messages.
    /// </summary>
    /// <exception cref="VodozemacException">A key cannot be decoded or is non-contributory.</exception>
    public Session CreateOutboundSession(string theirIdentityKey, string theirOneTimeKey)
    {
        ArgumentNullException.ThrowIfNull(theirIdentityKey);
        ArgumentNullException.ThrowIfNull(theirOneTimeKey);
        lock (_gate)
        {
            return new Session(Native.Check(
                NativeMethods.vz_account_create_outbound_session(_handle, theirIdentityKey, theirOneTimeKey),
                "creating an outbound Olm session"));
        }
    }

    /// <summary>
    /// Creates an inbound Olm session from a pre-key message sent by the device with Curve25519 key
    /// <paramref name="theirIdentityKey"/>, and decrypts it. Uses up the one-time key the message names.
    /// </summary>
    /// <exception cref="VodozemacException">The message is malformed, names an unknown one-time key, does not come
    /// from that identity key, or does not decrypt.</exception>
    public InboundSessionResult CreateInboundSession(string theirIdentityKey, OlmMessage preKeyMessage)
    {
        ArgumentNullException.ThrowIfNull(theirIdentityKey);
        if (preKeyMessage.Type != OlmMessageType.PreKey)
            throw new ArgumentException("An inbound session can only be created from a pre-key (type 0) message.",
                nameof(preKeyMessage));
        ArgumentNullException.ThrowIfNull(preKeyMessage.Body);
        lock (_gate)
        {
            var handle = NativeMethods.vz_account_create_inbound_session(_handle, theirIdentityKey, preKeyMessage.Body,
                out var plaintext, out var length);
            var session = new Session(Native.Check(handle, "creating an inbound Olm session"));
            return new InboundSessionResult(session, Native.TakeBytes(plaintext, length));
        }
    }

    /// <summary>Pickles (encrypts) the account with a 32-byte key, for <see cref="FromPickle"/>.</summary>
    public string Pickle(ReadOnlySpan<byte> key)
    {
        Native.CheckPickleKey(key);
        lock (_gate)
        {
            return Native.TakeString(NativeMethods.vz_account_pickle(_handle, key, (nuint)key.Length), "pickling an account");
        }
    }

    /// <summary>Frees the native account.</summary>
    public void Dispose() => _handle.Dispose();

    private T Call<T>(Func<T> call)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return call();
        }
    }

    private static Dictionary<string, string> ParseKeys(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
