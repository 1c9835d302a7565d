using Microsoft.Win32.SafeHandles;

namespace Vodozemac.Net.Interop;

/// <summary>Owns the shim's handle to an outbound Megolm group session; releasing it frees the native object exactly once.</summary>
internal sealed class GroupSessionHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Used by the interop marshaller for returned handles.</summary>
    public GroupSessionHandle() : base(ownsHandle: true) { }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        NativeMethods.vz_group_session_free(handle);
        return true;
    }
}
