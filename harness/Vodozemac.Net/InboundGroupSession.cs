using System.Text;
using Vodozemac.Net.Interop;

namespace Vodozemac.Net;

/// <summary>
/// An inbound Megolm group session: decrypts a sender's room events from its first known index on.
/// <para>Decryption is <b>not</b> replay-protected (by design, in vodozemac as in libolm): the same message index
/// decrypts again. Replay detection lives with the caller; <see cref="MegolmReplayGuard"/> implements the check
/// clients make on (session id, message index, event).</para>
/// Calls on one instance are serialised; dispose it to free the native session.
/// </summary>
public sealed class InboundGroupSession : IDisposable
{
    private readonly InboundGroupSessionHandle _handle;
    private readonly Lock _gate = new();

    /// <summary>Creates a session from a signed session key (base64), the <c>session_key</c> of <c>m.room_key</c>.</summary>
    /// <exception cref="VodozemacException">The key is malformed or its signature is invalid.</exception>
    public InboundGroupSession(string sessionKey)
        : this(Native.Check(NativeMethods.vz_inbound_group_session_new(sessionKey ?? throw new ArgumentNullException(nameof(sessionKey))),
            "creating an inbound group session"))
    {
    }

    private InboundGroupSession(InboundGroupSessionHandle handle) => _handle = handle;

    /// <summary>
    /// Imports a session from an exported (unsigned) session key (base64), as in <c>m.forwarded_room_key</c> and key
    /// backups; see <see cref="ExportAt"/>.
    /// </summary>
    /// <exception cref="VodozemacException">The key is malformed.</exception>
    public static InboundGroupSession Import(string exportedKey)
    {
        ArgumentNullException.ThrowIfNull(exportedKey);
        return new InboundGroupSession(Native.Check(NativeMethods.vz_inbound_group_session_import(exportedKey),
            "importing an inbound group session"));
    }

    /// <summary>Restores a session pickled by <see cref="Pickle"/> with the same 32-byte key.</summary>
    /// <exception cref="VodozemacException">The pickle is malformed or the key is wrong.</exception>
    public static InboundGroupSession FromPickle(string pickle, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(pickle);
        Native.CheckPickleKey(key);
        return new InboundGroupSession(Native.Check(
            NativeMethods.vz_inbound_group_session_unpickle(pickle, key, (nuint)key.Length),
            "unpickling an inbound group session"));
    }

    /// <summary>The session id (base64), equal to the sender's <see cref="GroupSession.SessionId"/>.</summary>
    public string SessionId
    {
        get
        {
            lock (_gate)
                return Native.TakeString(NativeMethods.vz_inbound_group_session_id(_handle), "reading a group session id");
        }
    }

    /// <summary>The first message index this session can decrypt.</summary>
    public uint FirstKnownIndex
    {
        get
        {
            lock (_gate)
                return (uint)Native.Check(NativeMethods.vz_inbound_group_session_first_known_index(_handle),
                    "reading the first known index");
        }
    }

    /// <summary>Decrypts a Megolm message (base64); returns the plaintext and the message index. Not replay-protected.</summary>
    /// <exception cref="VodozemacException">The message is malformed, tampered with (bad signature or MAC), from
    /// another session, or older than <see cref="FirstKnownIndex"/>.</exception>
    public MegolmDecryptResult Decrypt(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            var status = NativeMethods.vz_inbound_group_session_decrypt(_handle, message, out var plaintext,
                out var length, out var index);
            if (status < 0) throw Native.Error("decrypting a Megolm message");
            return new MegolmDecryptResult(Native.TakeBytes(plaintext, length), index);
        }
    }

    /// <summary>Exports the session from <paramref name="index"/> on (base64 exported session key), for <see cref="Import"/>.</summary>
    /// <exception cref="VodozemacException"><paramref name="index"/> is below <see cref="FirstKnownIndex"/>.</exception>
    public string ExportAt(uint index)
    {
        lock (_gate)
        {
            return Native.TakeString(NativeMethods.vz_inbound_group_session_export_at(_handle, index),
                "exporting a group session");
        }
    }

    /// <summary>Pickles (encrypts) the session with a 32-byte key, for <see cref="FromPickle"/>.</summary>
    public string Pickle(ReadOnlySpan<byte> key)
    {
        Native.CheckPickleKey(key);
        lock (_gate)
        {
            return Native.TakeString(NativeMethods.vz_inbound_group_session_pickle(_handle, key, (nuint)key.Length),
                "pickling an inbound group session");
        }
    }

    /// <summary>
    /// Adversarial: a message at <paramref name="index"/> encrypted with this session's real ratchet but signed by a
    /// fresh, foreign Ed25519 key. A correct receiver rejects it.
    /// </summary>
    public string ForgeWithForeignSigner(uint index, string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var bytes = Encoding.UTF8.GetBytes(plaintext);
        lock (_gate)
        {
            return Native.TakeString(
                NativeMethods.vz_megolm_forge_with_foreign_signer(_handle, index, bytes, (nuint)bytes.Length),
                "forging a Megolm message");
        }
    }

    /// <summary>Frees the native session.</summary>
    public void Dispose() => _handle.Dispose();
}
