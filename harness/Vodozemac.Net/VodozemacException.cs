namespace Vodozemac.Net;

/// <summary>A vodozemac operation failed; <see cref="NativeMessage"/> carries vodozemac's own error text.</summary>
public sealed class VodozemacException : Exception
{
    /// <summary>Creates the exception for a failed operation with vodozemac's error text.</summary>
    public VodozemacException(string operation, string nativeMessage)
        : base($"vodozemac: {operation} failed: {nativeMessage}")
    {
        Operation = operation;
        NativeMessage = nativeMessage;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public VodozemacException(string message) : base(message)
    {
        Operation = string.Empty;
        NativeMessage = string.Empty;
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public VodozemacException(string message, Exception inner) : base(message, inner)
    {
        Operation = string.Empty;
        NativeMessage = string.Empty;
    }

    /// <summary>Creates the exception with no details.</summary>
    public VodozemacException() : this("vodozemac operation failed") { }

    /// <summary>What was being done, e.g. "decrypting an Olm message".</summary>
    public string Operation { get; }

    /// <summary>vodozemac's error text, e.g. "The MAC of a ciphertext didn't match".</summary>
    public string NativeMessage { get; }
}
