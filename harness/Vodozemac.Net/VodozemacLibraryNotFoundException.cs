namespace Vodozemac.Net;

/// <summary>The vodozemac shim could not be found or loaded; the message says how to build it.</summary>
public sealed class VodozemacLibraryNotFoundException : DllNotFoundException
{
    /// <summary>Creates the exception with a message that names the fix.</summary>
    public VodozemacLibraryNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public VodozemacLibraryNotFoundException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with the standard text.</summary>
    public VodozemacLibraryNotFoundException()
        : base("The vodozemac shim was not found. Run `./complement setup` to build it.") { }
}
