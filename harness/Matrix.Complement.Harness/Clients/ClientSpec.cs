namespace Matrix.Complement.Harness.Clients;

/// <summary>One side of a client pair: which SDK, on which homeserver (logical name, e.g. <c>hs1</c>).</summary>
/// <param name="Kind">The SDK.</param>
/// <param name="Homeserver">The logical homeserver name the client registers on.</param>
public sealed record ClientSpec(ClientKind Kind, string Homeserver)
{
    /// <summary>The same kind on another homeserver.</summary>
    public ClientSpec On(string homeserver) => this with { Homeserver = homeserver };

    /// <summary>The grammar form, e.g. <c>js@hs1</c>.</summary>
    public override string ToString() => $"{ClientMatrix.ShortName(Kind)}@{Homeserver}";
}
