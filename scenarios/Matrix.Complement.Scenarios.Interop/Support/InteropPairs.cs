namespace Matrix.Complement.Scenarios.Interop.Support;

/// <summary>
/// The pairs the interop scenarios run with, independent of <c>MATRIX_COMPLEMENT_CLIENTS</c>: each crossing between
/// two independent crypto implementations, in both directions (Alice's client first), on one server and across
/// federation. Today: matrix-js-sdk's rust-crypto (<c>js</c>) and matrix-nio's libolm (<c>nio</c>).
/// </summary>
public static class InteropPairs
{
    /// <summary>js↔nio both ways, on hs1 and across hs1/hs2.</summary>
    public static IEnumerable<ClientPair> CrossImplementation =>
    [
        Pair(ClientKind.Js, "hs1", ClientKind.Nio, "hs1"),
        Pair(ClientKind.Nio, "hs1", ClientKind.Js, "hs1"),
        Pair(ClientKind.Js, "hs1", ClientKind.Nio, "hs2"),
        Pair(ClientKind.Nio, "hs1", ClientKind.Js, "hs2"),
    ];

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
