using Microsoft.Win32.SafeHandles;

namespace Vodozemac.Net.Interop;

/// <summary>Owns the shim's handle to an Olm account; releasing it frees the native object exactly once.</summary>
internal sealed class AccountHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Used by the interop marshaller for returned handles.</summary>
    public AccountHandle() : base(ownsHandle: true) { }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        NativeMethods.vz_account_free(handle);
        return true;
    }
}
