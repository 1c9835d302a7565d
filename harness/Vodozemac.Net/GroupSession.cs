using System.Text;
using Vodozemac.Net.Interop;

namespace Vodozemac.Net;

/// <summary>
/// An outbound Megolm group session: encrypts room events; its <see cref="SessionKey"/> is shared through Olm as
/// <c>m.room_key</c>. Calls on one instance are serialised; dispose it to free the native session.
/// </summary>
public sealed class GroupSession : IDisposable
{
    private readonly GroupSessionHandle _handle;
    private readonly Lock _gate = new();

    /// <summary>Creates a new group session at message index 0.</summary>
    public GroupSession() : this(Native.Check(NativeMethods.vz_group_session_new(), "creating a group session")) { }

    private GroupSession(GroupSessionHandle handle) => _handle = handle;

    /// <summary>Restores a group session pickled by <see cref="Pickle"/> with the same 32-byte key.</summary>
    /// <exception cref="VodozemacException">The pickle is malformed or the key is wrong.</exception>
    public static GroupSession FromPickle(string pickle, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(pickle);
        Native.CheckPickleKey(key);
        return new GroupSession(Native.Check(NativeMethods.vz_group_session_unpickle(pickle, key, (nuint)key.Length),
            "unpickling a group session"));
    }

    /// <summary>The session id (base64 of the session's Ed25519 public key).</summary>
    public string SessionId
    {
        get
        {
            lock (_gate) return Native.TakeString(NativeMethods.vz_group_session_id(_handle), "reading a group session id");
        }
    }

    /// <summary>The index the next encrypted message will carry.</summary>
    public uint MessageIndex
    {
        get
        {
            lock (_gate)
                return (uint)Native.Check(NativeMethods.vz_group_session_message_index(_handle), "reading a message index");
        }
    }

    /// <summary>The session key at the current index (base64), the <c>session_key</c> of <c>m.room_key</c>.</summary>
    public string SessionKey
    {
        get
        {
            lock (_gate) return Native.TakeString(NativeMethods.vz_group_session_key(_handle), "reading a session key");
        }
    }

    /// <summary>Encrypts <paramref name="plaintext"/> at <see cref="MessageIndex"/> and advances the ratchet.</summary>
    public string Encrypt(ReadOnlySpan<byte> plaintext)
    {
        lock (_gate)
        {
            return Native.TakeString(NativeMethods.vz_group_session_encrypt(_handle, plaintext, (nuint)plaintext.Length),
                "encrypting a Megolm message");
        }
    }

    /// <summary>Encrypts a UTF-8 plaintext (the JSON of a room event) and advances the ratchet.</summary>
    public string Encrypt(string plaintext) => Encrypt(Encoding.UTF8.GetBytes(plaintext));

    /// <summary>Pickles (encrypts) the session with a 32-byte key, for <see cref="FromPickle"/>.</summary>
    public string Pickle(ReadOnlySpan<byte> key)
    {
        Native.CheckPickleKey(key);
        lock (_gate)
        {
            return Native.TakeString(NativeMethods.vz_group_session_pickle(_handle, key, (nuint)key.Length),
                "pickling a group session");
        }
    }

    /// <summary>Frees the native session.</summary>
    public void Dispose() => _handle.Dispose();
}
