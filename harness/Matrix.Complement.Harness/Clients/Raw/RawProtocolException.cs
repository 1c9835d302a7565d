namespace Matrix.Complement.Harness.Clients.Raw;

/// <summary>A message the raw device received breaks the protocol (does not decrypt, lies about its sender, ...): it is dropped.</summary>
public sealed class RawProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RawProtocolException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public RawProtocolException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with no details.</summary>
    public RawProtocolException() : base("protocol violation") { }
}
