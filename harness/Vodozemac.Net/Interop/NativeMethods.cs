using System.Runtime.InteropServices;

namespace Vodozemac.Net.Interop;

/// <summary>
/// The shim's C ABI (fixtures/clients/vodozemac/native/src). Strings returned as <see cref="nint"/> are owned by the
/// caller and released through <see cref="Native"/>; NULL or -1 means failure with the text in <c>vz_last_error</c>.
/// </summary>
internal static partial class NativeMethods
{
    /// <summary>The logical library name, mapped to the real file by <see cref="VodozemacLibrary"/>.</summary>
    internal const string Library = "vzshim";

    // An explicit static constructor: the resolver is in place before the first call into the shim.
    static NativeMethods() => VodozemacLibrary.RegisterResolver();

    // misc
    [LibraryImport(Library)] internal static partial nint vz_version();
    [LibraryImport(Library)] internal static partial nint vz_last_error();
    [LibraryImport(Library)] internal static partial void vz_string_free(nint s);
    [LibraryImport(Library)] internal static partial void vz_bytes_free(nint ptr, nuint len);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vz_ed25519_verify(string publicKey, ReadOnlySpan<byte> message, nuint len, string signature);

    // account
    [LibraryImport(Library)] internal static partial AccountHandle vz_account_new();
    [LibraryImport(Library)] internal static partial void vz_account_free(nint account);
    [LibraryImport(Library)] internal static partial nint vz_account_curve25519_key(AccountHandle account);
    [LibraryImport(Library)] internal static partial nint vz_account_ed25519_key(AccountHandle account);
    [LibraryImport(Library)] internal static partial nint vz_account_sign(AccountHandle account, ReadOnlySpan<byte> message, nuint len);
    [LibraryImport(Library)] internal static partial long vz_account_max_one_time_keys(AccountHandle account);
    [LibraryImport(Library)] internal static partial int vz_account_generate_one_time_keys(AccountHandle account, nuint count);
    [LibraryImport(Library)] internal static partial nint vz_account_one_time_keys_json(AccountHandle account);
    [LibraryImport(Library)] internal static partial int vz_account_generate_fallback_key(AccountHandle account);
    [LibraryImport(Library)] internal static partial nint vz_account_fallback_key_json(AccountHandle account);
    [LibraryImport(Library)] internal static partial int vz_account_forget_fallback_key(AccountHandle account);
    [LibraryImport(Library)] internal static partial int vz_account_mark_keys_as_published(AccountHandle account);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SessionHandle vz_account_create_outbound_session(AccountHandle account, string theirIdentityKey, string theirOneTimeKey);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SessionHandle vz_account_create_inbound_session(AccountHandle account, string theirIdentityKey, string preKeyMessage, out nint plaintext, out nuint len);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint vz_olm_pre_key_session_id(string preKeyMessage);
    [LibraryImport(Library)] internal static partial nint vz_account_pickle(AccountHandle account, ReadOnlySpan<byte> key, nuint keyLen);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial AccountHandle vz_account_unpickle(string pickle, ReadOnlySpan<byte> key, nuint keyLen);

    // Olm session
    [LibraryImport(Library)] internal static partial void vz_session_free(nint session);
    [LibraryImport(Library)] internal static partial nint vz_session_id(SessionHandle session);
    [LibraryImport(Library)] internal static partial int vz_session_has_received_message(SessionHandle session);
    [LibraryImport(Library)] internal static partial nint vz_session_encrypt(SessionHandle session, ReadOnlySpan<byte> plaintext, nuint len, out uint messageType);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vz_session_decrypt(SessionHandle session, uint messageType, string message, out nint plaintext, out nuint len);
    [LibraryImport(Library)] internal static partial nint vz_session_pickle(SessionHandle session, ReadOnlySpan<byte> key, nuint keyLen);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial SessionHandle vz_session_unpickle(string pickle, ReadOnlySpan<byte> key, nuint keyLen);

    // Megolm outbound
    [LibraryImport(Library)] internal static partial GroupSessionHandle vz_group_session_new();
    [LibraryImport(Library)] internal static partial void vz_group_session_free(nint session);
    [LibraryImport(Library)] internal static partial nint vz_group_session_id(GroupSessionHandle session);
    [LibraryImport(Library)] internal static partial long vz_group_session_message_index(GroupSessionHandle session);
    [LibraryImport(Library)] internal static partial nint vz_group_session_key(GroupSessionHandle session);
    [LibraryImport(Library)] internal static partial nint vz_group_session_encrypt(GroupSessionHandle session, ReadOnlySpan<byte> plaintext, nuint len);
    [LibraryImport(Library)] internal static partial nint vz_group_session_pickle(GroupSessionHandle session, ReadOnlySpan<byte> key, nuint keyLen);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial GroupSessionHandle vz_group_session_unpickle(string pickle, ReadOnlySpan<byte> key, nuint keyLen);

    // Megolm inbound
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial InboundGroupSessionHandle vz_inbound_group_session_new(string sessionKey);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial InboundGroupSessionHandle vz_inbound_group_session_import(string exportedKey);
    [LibraryImport(Library)] internal static partial void vz_inbound_group_session_free(nint session);
    [LibraryImport(Library)] internal static partial nint vz_inbound_group_session_id(InboundGroupSessionHandle session);
    [LibraryImport(Library)] internal static partial long vz_inbound_group_session_first_known_index(InboundGroupSessionHandle session);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vz_inbound_group_session_decrypt(InboundGroupSessionHandle session, string message, out nint plaintext, out nuint len, out uint messageIndex);
    [LibraryImport(Library)] internal static partial nint vz_inbound_group_session_export_at(InboundGroupSessionHandle session, uint index);
    [LibraryImport(Library)] internal static partial nint vz_inbound_group_session_pickle(InboundGroupSessionHandle session, ReadOnlySpan<byte> key, nuint keyLen);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial InboundGroupSessionHandle vz_inbound_group_session_unpickle(string pickle, ReadOnlySpan<byte> key, nuint keyLen);
    [LibraryImport(Library)] internal static partial nint vz_megolm_forge_with_foreign_signer(InboundGroupSessionHandle session, uint index, ReadOnlySpan<byte> plaintext, nuint len);
}
