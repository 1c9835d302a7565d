using System.Runtime.InteropServices;

namespace Vodozemac.Net.Interop;

/// <summary>Turns the shim's results into managed values: copies Rust-owned memory, frees it, raises errors.</summary>
internal static class Native
{
    /// <summary>Takes ownership of a returned string: copies and frees it; NULL throws with the native error.</summary>
    internal static string TakeString(nint ptr, string operation)
    {
        if (ptr == 0) throw Error(operation);
        try
        {
            return Marshal.PtrToStringUTF8(ptr) ?? string.Empty;
        }
        finally
        {
            NativeMethods.vz_string_free(ptr);
        }
    }

    /// <summary>Takes ownership of a returned byte buffer: copies and frees it.</summary>
    internal static byte[] TakeBytes(nint ptr, nuint length)
    {
        if (ptr == 0) return [];
        try
        {
            var bytes = new byte[checked((int)length)];
            Marshal.Copy(ptr, bytes, 0, bytes.Length);
            return bytes;
        }
        finally
        {
            NativeMethods.vz_bytes_free(ptr, length);
        }
    }

    /// <summary>Throws with the native error when <paramref name="status"/> is negative; returns it otherwise.</summary>
    internal static long Check(long status, string operation) => status < 0 ? throw Error(operation) : status;

    /// <summary>Throws with the native error when a returned handle is invalid (NULL); returns it otherwise.</summary>
    internal static T Check<T>(T handle, string operation) where T : SafeHandle
    {
        if (!handle.IsInvalid) return handle;
        handle.Dispose();
        throw Error(operation);
    }

    /// <summary>The exception for a failed call, with this thread's last native error text.</summary>
    internal static VodozemacException Error(string operation)
    {
        var ptr = NativeMethods.vz_last_error();
        string message;
        if (ptr == 0)
        {
            message = "no error text was recorded";
        }
        else
        {
            try { message = Marshal.PtrToStringUTF8(ptr) ?? string.Empty; }
            finally { NativeMethods.vz_string_free(ptr); }
        }
        return new VodozemacException(operation, message);
    }

    /// <summary>Validates a pickle key: exactly 32 bytes.</summary>
    internal static void CheckPickleKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != PickleKey.Length)
            throw new ArgumentException($"A pickle key must be {PickleKey.Length} bytes, not {key.Length}.", nameof(key));
    }
}
