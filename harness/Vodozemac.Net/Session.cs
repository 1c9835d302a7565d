using System.Text;
using Vodozemac.Net.Interop;

namespace Vodozemac.Net;

/// <summary>
/// An Olm session (double ratchet) with one other device. Created by <see cref="Account"/>; calls on one instance
/// are serialised; dispose it to free the native session.
/// </summary>
public sealed class Session : IDisposable
{
    private readonly SessionHandle _handle;
    private readonly Lock _gate = new();

    internal Session(SessionHandle handle) => _handle = handle;

    /// <summary>Restores a session pickled by <see cref="Pickle"/> with the same 32-byte key.</summary>
    /// <exception cref="VodozemacException">The pickle is malformed or the key is wrong.</exception>
    public static Session FromPickle(string pickle, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(pickle);
        Native.CheckPickleKey(key);
        return new Session(Native.Check(NativeMethods.vz_session_unpickle(pickle, key, (nuint)key.Length),
            "unpickling an Olm session"));
    }

    /// <summary>The id of the session a pre-key message belongs to (equal to <see cref="SessionId"/> on both ends).</summary>
    /// <exception cref="VodozemacException">The body is not a pre-key message.</exception>
    public static string SessionIdOf(OlmMessage preKeyMessage)
    {
        ArgumentNullException.ThrowIfNull(preKeyMessage.Body);
        if (preKeyMessage.Type != OlmMessageType.PreKey)
            throw new ArgumentException("Only a pre-key (type 0) message names its session.", nameof(preKeyMessage));
        return Native.TakeString(NativeMethods.vz_olm_pre_key_session_id(preKeyMessage.Body),
            "reading a pre-key message's session id");
    }

    /// <summary>The session id (base64), the same on both ends.</summary>
    public string SessionId
    {
        get
        {
            lock (_gate) return Native.TakeString(NativeMethods.vz_session_id(_handle), "reading an Olm session id");
        }
    }

    /// <summary>True once a message from the other side has decrypted; until then this side sends pre-key messages.</summary>
    public bool HasReceivedMessage
    {
        get
        {
            lock (_gate)
                return Native.Check(NativeMethods.vz_session_has_received_message(_handle), "reading an Olm session") == 1;
        }
    }

    /// <summary>True when a pre-key message belongs to this session (an existing session, not a new one).</summary>
    public bool Matches(OlmMessage preKeyMessage) => SessionIdOf(preKeyMessage) == SessionId;

    /// <summary>Encrypts <paramref name="plaintext"/>; a pre-key message until the other side has replied.</summary>
    public OlmMessage Encrypt(ReadOnlySpan<byte> plaintext)
    {
        lock (_gate)
        {
            var body = Native.TakeString(
                NativeMethods.vz_session_encrypt(_handle, plaintext, (nuint)plaintext.Length, out var type),
                "encrypting an Olm message");
            return new OlmMessage((OlmMessageType)type, body);
        }
    }

    /// <summary>Encrypts a UTF-8 plaintext (the JSON payload of a to-device event).</summary>
    public OlmMessage Encrypt(string plaintext) => Encrypt(Encoding.UTF8.GetBytes(plaintext));

    /// <summary>Decrypts a message from the other side.</summary>
    /// <exception cref="VodozemacException">The message is malformed, tampered with (MAC mismatch), a replay, or not for
    /// this session.</exception>
    public byte[] Decrypt(OlmMessage message)
    {
        ArgumentNullException.ThrowIfNull(message.Body);
        lock (_gate)
        {
            var status = NativeMethods.vz_session_decrypt(_handle, (uint)message.Type, message.Body, out var plaintext,
                out var length);
            if (status < 0) throw Native.Error("decrypting an Olm message");
            return Native.TakeBytes(plaintext, length);
        }
    }

    /// <summary>Decrypts a message and decodes it as UTF-8.</summary>
    public string DecryptText(OlmMessage message) => Encoding.UTF8.GetString(Decrypt(message));

    /// <summary>Pickles (encrypts) the session with a 32-byte key, for <see cref="FromPickle"/>.</summary>
    public string Pickle(ReadOnlySpan<byte> key)
    {
        Native.CheckPickleKey(key);
        lock (_gate)
        {
            return Native.TakeString(NativeMethods.vz_session_pickle(_handle, key, (nuint)key.Length),
                "pickling an Olm session");
        }
    }

    /// <summary>Frees the native session.</summary>
    public void Dispose() => _handle.Dispose();
}
