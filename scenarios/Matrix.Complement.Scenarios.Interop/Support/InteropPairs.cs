namespace Matrix.Complement.Scenarios.Interop.Support;

/// <summary>
/// The pairs the interop scenarios run with, independent of <c>MATRIX_COMPLEMENT_CLIENTS</c>: each crossing between
/// two independent crypto implementations, in both directions (Alice's client first), on one server and across
/// federation: matrix-js-sdk's rust-crypto (<c>js</c>), matrix-nio's libolm (<c>nio</c>) and the harness's own
/// device over vodozemac (<c>raw</c>).
/// </summary>
public static class InteropPairs
{
    private static readonly ClientKind[] Implementations = [ClientKind.Js, ClientKind.Nio, ClientKind.Raw];

    /// <summary>
    /// Every ordered pair of two different kinds (js→nio, nio→js, js→raw, raw→js, nio→raw, raw→nio), each on hs1 and
    /// from hs1 to hs2: twelve pairs.
    /// </summary>
    public static IEnumerable<ClientPair> CrossImplementation =>
        from alice in Implementations
        from bob in Implementations
        where alice != bob
        from bobServer in new[] { "hs1", "hs2" }
        select Pair(alice, "hs1", bob, bobServer);

    /// <summary>The <see cref="CrossImplementation"/> pairs with a nio side (for restarts from nio's store).</summary>
    public static IEnumerable<ClientPair> WithNio =>
        CrossImplementation.Where(p => p.Alice.Kind == ClientKind.Nio || p.Bob.Kind == ClientKind.Nio);

    /// <summary>The crypto implementation behind a kind, for test output (<c>rust-crypto (js)</c>).</summary>
    public static string Implementation(ClientKind kind) => kind switch
    {
        ClientKind.Js => "matrix-sdk-crypto (js)",
        ClientKind.Nio => "libolm (nio)",
        ClientKind.Raw => "vodozemac (raw)",
        _ => kind.ToString(),
    };

    private static ClientPair Pair(ClientKind alice, string aliceServer, ClientKind bob, string bobServer) =>
        new(new ClientSpec(alice, aliceServer), new ClientSpec(bob, bobServer));
}
